/**
 * The definitions pages in a real browser: Experience → Profiles & keys, and Experience →
 * Personas, where a marketer creates a persona with the sliders against a live preview chart.
 * One app + one browser for the file (see admin.test.ts for the conventions).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import {
  adminApi,
  type BrowserApp,
  closeAdminSession,
  openAdminSession,
  screenshot,
  waitForLoaders,
} from './helpers';

/** The persona's name field: its label ends in the required-field mark. */
const personaName = (editor: Locator) => editor.getByLabel(/^Name/);

let app: BrowserApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ app, browser, page } = await openAdminSession());
});

afterAll(async () => {
  await closeAdminSession({ app, browser });
});

test('a marketer opens Experience → Profiles & keys and sees the profile with its keys', async () => {
  await page.goto('/admin/plugins/cxm');
  await page.getByRole('link', { name: 'Profiles & keys' }).click();
  await page.getByRole('heading', { level: 1, name: 'Profiles & keys' }).waitFor();
  const vehicle = page.getByRole('region', { name: 'Vehicle interest' });
  await vehicle.getByLabel('Name of key limousine').waitFor();
  await expect(vehicle.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(
    'Vehicle interest'
  );
  await expect(vehicle.getByLabel('Half-life of interests (days)').inputValue()).resolves.toBe(
    '30'
  );
  for (const slug of ['limousine', 'hybrid', 'compact', 'leasing']) {
    await expect(vehicle.getByLabel(`Maximum of ${slug}`).inputValue()).resolves.toBe('10');
  }
  await vehicle.getByText('vehicle-interest · 2 personas').waitFor();
  await waitForLoaders(page);
  await screenshot(page, 'profiles-and-keys');
});

test('a marketer creates the persona "City Commuter" with the sliders and sees it in the list and the preview chart', async () => {
  await page.goto('/admin/plugins/cxm');
  await page.getByRole('link', { name: 'Personas', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Personas' }).waitFor();
  await page.getByRole('listitem', { name: 'Family father' }).waitFor();

  await page.getByRole('button', { name: 'New persona' }).click();
  const editor = page.getByRole('region', { name: 'Persona editor' });
  await personaName(editor).fill('City Commuter');
  await editor.getByLabel('Description').fill('Short trips in town, open to a hybrid');
  await editor.getByLabel('Compact', { exact: true }).fill('9');
  const hybrid = editor.getByLabel('Hybrid', { exact: true });
  await hybrid.focus();
  for (let step = 0; step < 7; step++) await page.keyboard.press('ArrowRight');
  await editor.getByLabel('Leasing', { exact: true }).fill('3');
  await expect(page.getByTestId('cxm-persona-value-hybrid').textContent()).resolves.toBe('7');
  await expect(page.getByTestId('cxm-persona-value-compact').textContent()).resolves.toBe('9');
  // the preview follows the edit before it is saved
  const chart = page.getByTestId('cxm-persona-chart');
  await chart.getByText('City Commuter', { exact: true }).waitFor();

  await editor.getByRole('button', { name: 'Save persona' }).click();
  await page.getByText('Persona City Commuter saved').waitFor();
  await page.getByRole('listitem', { name: 'City Commuter' }).waitFor();
  // the preview: the saved persona against the two seeded ones
  await chart.locator('.recharts-radar').nth(2).waitFor();
  for (const name of ['City Commuter', 'Family father', 'Urban single'])
    await chart.getByText(name, { exact: true }).waitFor();
  await waitForLoaders(page);
  await screenshot(page, 'personas-city-commuter');

  const personas = await adminApi(app, 'GET', '/cxm/personas');
  expect(
    personas.data.find((persona: { slug: string }) => persona.slug === 'city-commuter')
  ).toMatchObject({
    name: 'City Commuter',
    description: 'Short trips in town, open to a hybrid',
    keyValues: { limousine: 0, hybrid: 7, compact: 9, leasing: 3 },
  });
});

test("the API's validation message is shown when a persona cannot be saved", async () => {
  await page.goto('/admin/plugins/cxm/personas');
  await page.getByRole('button', { name: 'New persona' }).click();
  const editor = page.getByRole('region', { name: 'Persona editor' });
  await personaName(editor).fill('Family father');
  await editor.getByRole('button', { name: 'Save persona' }).click();
  await page.getByText("Invalid persona: slug: a persona 'family-father' exists already").waitFor();
  const personas = await adminApi(app, 'GET', '/cxm/personas');
  expect(personas.data.map((persona: { slug: string }) => persona.slug).sort()).toEqual([
    'city-commuter',
    'family-father',
    'urban-single',
  ]);
});

test('a profile with fewer than three keys previews its personas as bars', async () => {
  const budget = (
    await adminApi(app, 'POST', '/cxm/profiles', { name: 'Budget', scoring: 'average' })
  ).data;
  await adminApi(app, 'POST', `/cxm/profiles/${budget.documentId}/keys`, { name: 'Low price' });
  await adminApi(app, 'POST', `/cxm/profiles/${budget.documentId}/keys`, { name: 'Premium' });
  await adminApi(app, 'POST', '/cxm/personas', {
    profile: budget.documentId,
    name: 'Bargain hunter',
    keyValues: { 'low-price': 9, premium: 1 },
  });

  await page.goto('/admin/plugins/cxm/personas');
  await page.getByRole('combobox', { name: 'Profile' }).click();
  await page.getByRole('option', { name: 'Budget' }).click();
  await page.getByRole('button', { name: 'Edit Bargain hunter' }).click();
  const chart = page.getByTestId('cxm-persona-chart');
  await chart.locator('.recharts-bar-rectangle').first().waitFor();
  await expect(chart.locator('.recharts-radar').count()).resolves.toBe(0);
  await expect(
    page
      .getByRole('region', { name: 'Persona editor' })
      .getByLabel('Low price', { exact: true })
      .inputValue()
  ).resolves.toBe('9');
  await screenshot(page, 'personas-bars');
});
