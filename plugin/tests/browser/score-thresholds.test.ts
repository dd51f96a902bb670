/**
 * Score thresholds in the condition builder: the demo's leasing box serves limousine fans
 * ("scores.limousine is at least 4"), and a marketer who picks a score is offered "is at least"
 * first, since a decaying score is never exactly a number; the Content API serves the result.
 *
 * One app + one browser for the file (see admin.test.ts).
 */
import type { Browser, Page } from 'playwright-core';
import {
  BROWSER_AGENT,
  type BrowserApp,
  closeAdminSession,
  openAdminSession,
  screenshot,
} from './helpers';

let app: BrowserApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ app, browser, page } = await openAdminSession());
});

afterAll(async () => {
  await closeAdminSession({ app, browser });
});

async function openLeasingRules() {
  await page.goto('/admin/plugins/cxm');
  await page.getByRole('link', { name: 'Rules', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Rules' }).waitFor();
  await page
    .getByRole('row', { name: /Leasing box for limousine fans/ })
    .getByRole('link', { name: 'Leasing offer', exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Rules of Leasing offer' }).waitFor();
}

const readPage = (slug: string, cookie?: string, collection = 'pages') =>
  fetch(`${app.url}/api/${collection}?filters[slug][$eq]=${slug}`, {
    headers: { 'User-Agent': BROWSER_AGENT, ...(cookie ? { Cookie: cookie } : {}) },
  });

test('a marketer serves hybrid fans the limousine leasing box with a score threshold', async () => {
  await openLeasingRules();
  const seeded = page.getByRole('group', { name: 'Rule 1' });
  await expect(
    seeded.getByRole('combobox', { name: 'Operator of condition 1' }).textContent()
  ).resolves.toBe('is at least');

  await page.getByRole('button', { name: 'Add rule' }).click();
  const rule = page.getByRole('group', { name: 'Rule 2' });
  await rule.getByLabel('Name of rule 2').fill('hybrid-leasing');
  await rule.getByRole('button', { name: 'Add condition to this rule' }).click();
  const path = rule.getByRole('combobox', { name: 'Context path of condition 1' });
  await path.click();
  await path.fill('scores.hybrid');
  await page.getByRole('option', { name: /\bscores\.hybrid\)?$/ }).click();
  // a score is compared with a threshold: "is at least" is what the builder offers first
  await expect(
    rule.getByRole('combobox', { name: 'Operator of condition 1' }).textContent()
  ).resolves.toBe('is at least');
  await rule.getByLabel('Value of condition 1').fill('6');
  await rule.getByRole('combobox', { name: 'Variant served by rule 2' }).click();
  await page.getByRole('option', { name: 'Leasing offer (Limousine)' }).click();
  await rule.getByText('Condition as JSON').click();
  const shown = rule.getByTestId('cxm-condition-json');
  await shown.filter({ hasText: '"$gte": 6' }).waitFor(); // the number input applies as it is typed
  await expect(shown.textContent()).resolves.toBe(
    JSON.stringify({ 'scores.hybrid': { $gte: 6 } }, null, 2)
  );
  await screenshot(page, 'rules-score-threshold', rule);
  await page.getByText('All rules are valid').waitFor();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Rule set saved').waitFor();

  // two hybrid reads (5 each) make a hybrid fan; one does not
  const first = await readPage('hybrid');
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
  const box = async () =>
    ((await (await readPage('leasing-offer', cookie, 'offers')).json()) as any).data[0];
  expect((await box()).headline).toBe('Leasing from 199 € a month');
  await readPage('hybrid', cookie);
  expect((await box()).headline).toBe('The limousine from 349 € a month');
});
