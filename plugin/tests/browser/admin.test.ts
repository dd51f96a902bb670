/**
 * The admin UI in a real browser: log in as the demo admin, the home page, the Content Manager
 * list of pages and a page's edit view.
 *
 * One app + one browser for the whole file (beforeAll/afterAll); the tests run in order and
 * share one logged-in page, but each test starts from a URL of its own so that it can be read
 * (and run with -t) on its own after the login test. To add a test: go to a URL, wait for the
 * elements under test (never networkidle), assert, screenshot(page, '<unique-name>').
 */
import type { Browser, Page } from 'playwright-core';
import {
  adminApi,
  BROWSER_AGENT,
  type BrowserApp,
  closeAdminSession,
  openAdminSession,
  screenshot,
  sendTraffic,
  waitForLoaders,
} from './helpers';

const PAGES = '/admin/content-manager/collection-types/api::page.page';

let app: BrowserApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ app, browser, page } = await openAdminSession());
});

afterAll(async () => {
  await closeAdminSession({ app, browser });
});

test('the demo admin is logged in and sees the home page', async () => {
  await page.goto('/admin');
  await page.getByRole('heading', { level: 1, name: 'Hello Demo' }).waitFor();
  await page.getByText('admin@example.com').waitFor(); // the profile widget
  await waitForLoaders(page);
  await screenshot(page, 'admin-home');
});

test('the Content Manager lists the seeded pages', async () => {
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Content Manager' }).first().click();
  await page.getByRole('link', { name: 'Page', exact: true }).click();
  await page.waitForURL((url) => url.pathname === PAGES);
  await page.getByRole('heading', { level: 1, name: 'Page' }).waitFor();
  for (const title of ['Home', 'Limousine', 'Home (Limousine)']) {
    await page.getByRole('gridcell', { name: title, exact: true }).waitFor();
  }
  await page.getByText('7 entries found').waitFor();
  // Variants are recognisable in their type's list; other entries carry no marker.
  const variantRow = page.getByRole('row').filter({
    has: page.getByRole('gridcell', { name: 'Home (Limousine)', exact: true }),
  });
  await variantRow.getByText('Variant of Home', { exact: true }).waitFor();
  const baseRow = page.getByRole('row').filter({
    has: page.getByRole('gridcell', { name: 'Limousine', exact: true }),
  });
  expect(await baseRow.getByText(/^Variant of/).count()).toBe(0);
  await waitForLoaders(page);
  await screenshot(page, 'content-manager-pages');
});

test('the "limousine" page opens in the edit view', async () => {
  await page.goto(PAGES);
  await page.getByRole('gridcell', { name: 'Limousine', exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`${PAGES}/`));
  const title = page.locator('input[name="title"]');
  await title.waitFor();
  await expect(title.inputValue()).resolves.toBe('Limousine');
  await expect(page.locator('input[name="slug"]').inputValue()).resolves.toBe('limousine');
  await expect(page.locator('input[name="headline"]').inputValue()).resolves.toBe(
    'Space, comfort and safety'
  );
  await page.getByRole('button', { name: 'Publish' }).waitFor(); // the side panels are there
  await waitForLoaders(page);
  await screenshot(page, 'page-limousine-edit');
});

test('an editor tags the limousine page with profile-key values and a goal in the Personalization panel', async () => {
  await page.goto(PAGES);
  await page.getByRole('gridcell', { name: 'Limousine', exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`${PAGES}/`));
  const documentId = new URL(page.url()).pathname.split('/').pop()!;
  const leasing = page.getByLabel('Vehicle interest: Leasing');
  await leasing.waitFor();
  await expect(page.getByLabel('Vehicle interest: Limousine').inputValue()).resolves.toBe('5'); // the seeded tag
  await leasing.fill('3');
  await expect(page.getByTestId('cxm-value-leasing').textContent()).resolves.toBe('3');
  await page.getByRole('combobox', { name: 'Goals reached by viewing this entry' }).click();
  await page.getByRole('option', { name: 'Product video (10)' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Save personalization' }).click();
  await page.getByText('Personalization saved').waitFor();
  await screenshot(page, 'personalization-panel');

  // saved for real: a fresh load of the edit view shows the stored values
  await page.goto(`${PAGES}/${documentId}`);
  await page.getByLabel('Vehicle interest: Leasing').waitFor();
  await expect(page.getByLabel('Vehicle interest: Leasing').inputValue()).resolves.toBe('3');
  await expect(page.getByLabel('Vehicle interest: Limousine').inputValue()).resolves.toBe('5');
  await page.getByText('Product video (10)').waitFor();
});

test('a marketer reads the dashboard: visits and value, the campaign matrix, personas and goals', async () => {
  await sendTraffic(app, 6);
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // one write-buffer flush interval
  await page.goto('/admin/plugins/cxm');
  await page.getByRole('heading', { level: 1, name: 'Experience' }).waitFor();
  await page.getByTestId('cxm-overview-chart').locator('svg').first().waitFor();
  await page.getByTestId('cxm-matrix-chart').locator('svg').first().waitFor();
  await waitForLoaders(page);
  await screenshot(page, 'dashboard');
  // names, not slugs: the campaign, its channel, the persona and the goal
  await page.getByRole('gridcell', { name: 'Spring newsletter (E-mail)' }).waitFor();
  await page.getByText('Family father').first().waitFor();
  await page.getByText('Test-drive booking').waitFor();
});

test("a marketer reads an experiment's results and promotes the winner", async () => {
  const pages = await fetch(`${app.url}/api/pages?pagination[pageSize]=100`, {
    headers: { 'User-Agent': BROWSER_AGENT },
  }).then((response) => response.json() as Promise<any>);
  const compact = pages.data.find((entry: { slug: string }) => entry.slug === 'compact').documentId;
  const hybrid = pages.data.find((entry: { slug: string }) => entry.slug === 'hybrid').documentId;
  const created = await adminApi(
    app,
    'POST',
    '/content-manager/collection-types/plugin::cxm.experiment',
    {
      name: 'Compact page test',
      slug: 'compact-test',
      hypothesis: 'The hybrid story sells the compact car better',
      baseUid: 'api::page.page',
      baseDocumentId: compact,
      variants: [
        { key: 'control', documentId: null, weight: 0.5 },
        { key: 'hybrid-story', documentId: hybrid, weight: 0.5 },
      ],
      successGoals: ['brochure-download'],
      minimumSample: 5,
      state: 'running',
    }
  );
  const documentId = created.data.documentId;
  for (let visitor = 0; visitor < 30; visitor++) {
    const response = await fetch(`${app.url}/api/pages?filters[slug][$eq]=compact`, {
      headers: { 'User-Agent': BROWSER_AGENT },
    });
    const variant = /experiment:compact-test:(\S+)/.exec(
      response.headers.get('x-cxm-variant') ?? ''
    )?.[1];
    if (variant === 'hybrid-story') {
      await fetch(`${app.url}/api/cxm/events`, {
        method: 'POST',
        headers: {
          Cookie: (response.headers.get('set-cookie') ?? '').split(';')[0],
          'Content-Type': 'application/json',
          'User-Agent': BROWSER_AGENT,
        },
        body: JSON.stringify({ events: [{ type: 'goal', goal: 'brochure-download' }] }),
      });
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  await page.goto('/admin/plugins/cxm');
  await page.getByRole('link', { name: 'Experiments' }).click();
  await page.getByRole('link', { name: 'Compact page test' }).click();
  await page.getByTestId('cxm-verdict').waitFor();
  // the table under the chart: the control named by its entry, an arm without a name by its key
  const table = page.getByRole('grid');
  await table.getByText('hybrid-story', { exact: true }).waitFor();
  await table.getByText('Compact (control)', { exact: true }).waitFor();
  await page.getByTestId('cxm-experiment-chart').locator('.recharts-errorBar').first().waitFor();
  await expect(page.getByTestId('cxm-verdict').textContent()).resolves.toMatch(/hybrid-story/);
  await waitForLoaders(page);
  await screenshot(page, 'experiment-results');

  // the compact page's side panel shows the experiment and its verdict so far
  await page.goto(`${PAGES}/${compact}`);
  await expect(page.getByTestId('cxm-panel-verdict').textContent()).resolves.toMatch(
    /hybrid-story/
  );
  await screenshot(page, 'panel-experiment');

  await page.goto(`/admin/plugins/cxm/experiments/${documentId}`);
  await page
    .getByRole('row', { name: /hybrid-story/ })
    .getByRole('button', { name: 'Promote' })
    .click();
  await page.getByText('Variant hybrid-story promoted').waitFor();
  const list = await adminApi(app, 'GET', '/cxm/experiments');
  expect(
    list.data.find((entry: { documentId: string }) => entry.documentId === documentId)
  ).toMatchObject({ state: 'completed', winner: 'hybrid-story' });
});

test('a marketer simulates the home page for a Family father and for a visitor from Germany', async () => {
  await page.goto('/admin/plugins/cxm');
  await page.getByRole('link', { name: 'Simulator' }).click();
  await page.getByRole('heading', { level: 1, name: 'Simulator' }).waitFor();
  await page.getByRole('combobox', { name: 'Persona' }).click();
  await page.getByRole('option', { name: 'Family father' }).click();
  await page.getByRole('button', { name: 'Simulate' }).click();
  const simulation = page.getByTestId('cxm-simulation');
  const preview = page.getByTestId('cxm-served-preview');
  await preview.getByRole('heading', { name: 'Home (Limousine)' }).waitFor();
  await preview.getByText('This visitor sees (rule family-father)').waitFor();
  await preview.getByText('The limousine that won the family car test').waitFor(); // the entry's text
  await simulation.getByText('Persona is Family father — this visitor: Family father').waitFor();
  await simulation.getByText('Country is DE — this visitor: none yet').waitFor();
  await screenshot(page, 'simulator-family-father');

  await page.getByRole('combobox', { name: 'Persona' }).click();
  await page.getByRole('option', { name: 'none (profile not matched yet)' }).click();
  await page.getByLabel('Country (ISO code)').fill('DE');
  await page.getByLabel('City').fill('Nuremberg');
  await page.getByRole('button', { name: 'Simulate' }).click();
  await preview.getByRole('heading', { name: 'Home (Germany)' }).waitFor();
  await simulation.getByText('Persona is Family father — this visitor: none yet').waitFor();
  await simulation.getByText('Country is DE — this visitor: DE').waitFor();
  await screenshot(page, 'simulator-germany');
  // each rule leads to its place in the rule builder
  await simulation.getByRole('link', { name: 'Edit the rule germany in the rule builder' }).click();
  await page.waitForURL(/\/admin\/plugins\/cxm\/rules\/[a-z0-9]+$/);
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Simulator' }).waitFor();
});

test('a marketer edits the engagement value scale and adds a goal', async () => {
  await page.goto('/admin/plugins/cxm');
  await page.getByRole('link', { name: 'Goals' }).click();
  await page.getByRole('heading', { level: 1, name: 'Goals' }).waitFor();
  const likePoints = page.getByLabel('Points of like-share');
  await likePoints.waitFor();
  await likePoints.fill('7');
  await page
    .getByRole('row')
    .filter({ has: likePoints })
    .getByRole('button', { name: 'Save' })
    .click();
  await page.getByText('Like / share saved').waitFor();

  await page.getByLabel('Name of the new goal').fill('Dealer call');
  await page.getByLabel('Points of the new goal').fill('40');
  await page.getByRole('button', { name: 'Add goal' }).click();
  await page.getByText('Dealer call added').waitFor();
  await page.getByLabel('Points of dealer-call').waitFor();
  await expect(page.getByLabel('Points of like-share').inputValue()).resolves.toBe('7');
  await screenshot(page, 'goals');
  const goals = await adminApi(app, 'GET', '/cxm/goals');
  expect(goals.data.find((goal: { slug: string }) => goal.slug === 'dealer-call')).toMatchObject({
    points: 40,
  });
});
