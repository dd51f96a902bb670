/**
 * The Campaigns and Rules pages in a real browser: a marketer edits campaigns in place, and
 * personalizes the home page for Austrian visitors and for a persona with the condition
 * builder, without writing JSON; the Content API serves the chosen variant on the next request.
 *
 * One app + one browser for the file (see admin.test.ts). The app trusts loopback as a proxy so
 * that a request can say it comes from Vienna (X-Forwarded-For, tests/fixtures/geoip-fixture.mmdb).
 */
import type { Browser, Page } from 'playwright-core';
import { IPHONE, IPS } from '../helpers/fixture-ips';
import {
  adminApi as adminApiOf,
  BROWSER_AGENT,
  type BrowserApp,
  closeAdminSession,
  openAdminSession,
  openSection,
  screenshot,
  waitForLoaders,
} from './helpers';

let app: BrowserApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ app, browser, page } = await openAdminSession({
    CXM_TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1',
  }));
});

afterAll(async () => {
  await closeAdminSession({ app, browser });
});

const adminApi = (path: string) => adminApiOf(app, 'GET', path);

/** The home page's rule set, opened from the list of rule sets. */
async function openHomeRules() {
  await openSection(page, 'Rules');
  await page
    .getByRole('row', { name: /Home page variants/ })
    .getByRole('link', { name: 'Home', exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Rules of Home' }).waitFor();
}

test("a marketer edits a campaign's cost in place, adds a campaign and deletes it", async () => {
  await openSection(page, 'Campaigns');
  const cost = page.getByLabel('Cost of search-ads');
  await cost.waitFor();
  await expect(cost.inputValue()).resolves.toBe('1,200');
  await expect(
    page.getByRole('combobox', { name: 'Channel of search-ads' }).textContent()
  ).resolves.toMatch(/paid-search/);
  await cost.fill('1500');
  await page
    .getByRole('group', { name: 'search-ads' })
    .getByRole('button', { name: 'Save' })
    .click();
  await page.getByText('Search ads saved').waitFor();

  await page.getByLabel('Name of the new campaign').fill('Winter mailing');
  await page.getByRole('combobox', { name: 'Channel of the new campaign' }).click();
  await page.getByRole('option', { name: 'email' }).click();
  await page.getByLabel('utm_campaign of the new campaign').fill('winter-2026');
  await page.getByRole('button', { name: 'Add campaign' }).click();
  await page.getByText('Winter mailing added').waitFor();
  await page.getByLabel('Name of winter-mailing').waitFor();
  await waitForLoaders(page);
  await screenshot(page, 'campaigns');

  const stored = await adminApi('/cxm/campaigns');
  expect(
    stored.data.find((campaign: { slug: string }) => campaign.slug === 'search-ads').cost
  ).toBe(1500);
  expect(
    stored.data.find((campaign: { slug: string }) => campaign.slug === 'winter-mailing')
  ).toMatchObject({ channel: 'email', utmCampaign: 'winter-2026' });

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Delete winter-mailing' }).click();
  await page.getByText('Winter mailing deleted').waitFor();
  await page.getByLabel('Name of winter-mailing').waitFor({ state: 'detached' });
});

test('a marketer adds a rule for Austria to the home page with the condition builder, moves it to the top and saves', async () => {
  const fromVienna = { 'X-Forwarded-For': IPS.vienna, 'User-Agent': BROWSER_AGENT };
  const before = await fetch(`${app.url}/api/pages?filters[slug][$eq]=home`, {
    headers: fromVienna,
  }).then((response) => response.json() as Promise<any>);
  expect(before.data[0].headline).toBe('Drive the future: our new hybrid range');

  await openHomeRules();
  await page.getByRole('group', { name: 'Rule 2' }).waitFor();
  await page.getByRole('button', { name: 'Add rule' }).click();

  const rule = page.getByRole('group', { name: 'Rule 3' });
  await rule.getByLabel('Name of rule 3').fill('austria');
  await rule.getByRole('button', { name: 'Add condition to this rule' }).click();
  const path = rule.getByRole('combobox', { name: 'Context path of condition 1' });
  await path.click();
  await path.fill('geo.country');
  await page.getByRole('option', { name: /\bgeo\.country\)?$/ }).click();
  await rule.getByRole('combobox', { name: 'Operator of condition 1' }).click();
  await page.getByRole('option', { name: 'is one of' }).click();
  await rule.getByRole('combobox', { name: 'Value of condition 1' }).click();
  await page.getByRole('option', { name: 'AT – Austria' }).click();
  await page.keyboard.press('Escape');
  await rule.getByRole('combobox', { name: 'Variant served by rule 3' }).click();
  await page.getByRole('option', { name: 'Home (Germany)' }).click();
  await rule.getByText('Condition as JSON').click();
  await expect(rule.getByTestId('cxm-condition-json').textContent()).resolves.toBe(
    JSON.stringify({ 'geo.country': { $in: ['AT'] } }, null, 2)
  );

  await page.getByRole('button', { name: 'Move rule 3 up' }).click();
  await page.getByRole('button', { name: 'Move rule 2 up' }).click();
  const top = page.getByRole('group', { name: 'Rule 1' });
  await expect(top.getByLabel('Name of rule 1').inputValue()).resolves.toBe('austria');
  await page.getByText('All rules are valid').waitFor();
  await screenshot(page, 'rules-builder', top);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Rule set saved').waitFor();
  await screenshot(page, 'rules-home');

  const stored = await adminApi('/cxm/rules');
  const home = stored.data.ruleSets.find(
    (set: { base: { slug: string } }) => set.base.slug === 'home'
  );
  const germany = Object.entries(home.variants as Record<string, string>).find(
    ([, title]) => title === 'Home (Germany)'
  )![0];
  expect(home.rules.map((stored: { name: string }) => stored.name)).toEqual([
    'austria',
    'family-father',
    'germany',
  ]);
  expect(home.rules[0]).toEqual({
    name: 'austria',
    condition: { 'geo.country': { $in: ['AT'] } },
    variant: germany,
  });

  // served on the next request, no restart
  const response = await fetch(`${app.url}/api/pages?filters[slug][$eq]=home`, {
    headers: fromVienna,
  });
  const served = (await response.json()) as any;
  expect(served.data[0].headline).toBe('Die Zukunft fahren: unsere neuen Hybridmodelle');
  expect(response.headers.get('x-cxm-variant')).toMatch(/=austria$/);
});

test('the editor shows a problem next to the rule and keeps Save disabled until it is fixed', async () => {
  await openHomeRules();
  const rule = page.getByRole('group', { name: 'Rule 3' });
  const name = rule.getByLabel('Name of rule 3');
  await expect(name.inputValue()).resolves.toBe('germany');
  await name.fill('austria'); // the name of rule 1
  const problems = rule.getByRole('list', { name: 'Problems of rule 3' });
  await problems.waitFor();
  await expect(problems.textContent()).resolves.toMatch(
    /duplicate rule name 'austria'; rule \[0\] already uses it/
  );
  await page.getByText('1 problem to fix before saving').waitFor();
  await expect(page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).resolves.toBe(
    true
  );
  await screenshot(page, 'rules-builder-problem', rule);

  await name.fill('germany');
  await page.getByText('All rules are valid').waitFor();
  await problems.waitFor({ state: 'detached' });
  await expect(page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).resolves.toBe(
    false
  );
});

test('a marketer personalizes the home page for the Urban single persona; a visitor who reads like one gets it', async () => {
  await openHomeRules();
  await page.getByRole('group', { name: 'Rule 3' }).waitFor();
  await page.getByRole('button', { name: 'Add rule' }).click();
  const rule = page.getByRole('group', { name: 'Rule 4' });
  await rule.getByLabel('Name of rule 4').fill('urban-singles');
  await rule.getByRole('button', { name: 'Add condition to this rule' }).click();
  const path = rule.getByRole('combobox', { name: 'Context path of condition 1' });
  await path.click();
  await path.fill('persona');
  await page.getByRole('option', { name: /\bpersona\)?$/ }).click();
  await rule.getByRole('combobox', { name: 'Value of condition 1' }).click();
  await page.getByRole('option', { name: 'Urban single (urban-single)' }).click();
  await rule.getByRole('combobox', { name: 'Variant served by rule 4' }).click();
  await page.getByRole('option', { name: 'Home (Limousine)' }).click();
  await rule.getByText('Condition as JSON').click();
  await expect(rule.getByTestId('cxm-condition-json').textContent()).resolves.toBe(
    JSON.stringify({ persona: { $eq: 'urban-single' } }, null, 2)
  );
  await page.getByText('All rules are valid').waitFor();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Rule set saved').waitFor();

  // three reads of the hybrid page make an Urban single (the seed's tags and pattern cards)
  const first = await fetch(`${app.url}/api/pages?filters[slug][$eq]=hybrid`, {
    headers: { 'User-Agent': BROWSER_AGENT },
  });
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
  for (let read = 0; read < 2; read++)
    await fetch(`${app.url}/api/pages?filters[slug][$eq]=hybrid`, {
      headers: { Cookie: cookie, 'User-Agent': BROWSER_AGENT },
    });
  const context = await fetch(`${app.url}/api/cxm/context`, {
    headers: { Cookie: cookie, 'User-Agent': BROWSER_AGENT },
  }).then((response) => response.json() as Promise<any>);
  expect(context.data.personas).toEqual([
    { profile: 'vehicle-interest', slug: 'urban-single', name: 'Urban single' },
  ]);
  const home = await fetch(`${app.url}/api/pages?filters[slug][$eq]=home`, {
    headers: { Cookie: cookie, 'User-Agent': BROWSER_AGENT },
  });
  expect(((await home.json()) as any).data[0].headline).toBe(
    'The limousine that won the family car test'
  );
  expect(home.headers.get('x-cxm-variant')).toMatch(/=urban-singles$/);
});

test('a marketer starts a rule set for the compact page with an "any of" group', async () => {
  await openSection(page, 'Rules');
  await page.getByRole('combobox', { name: 'Content type' }).click();
  await page.getByRole('option', { name: 'Page', exact: true }).click();
  await page.getByRole('combobox', { name: 'Entry that gets variants' }).click();
  await page.getByRole('option', { name: 'Compact', exact: true }).click();
  await page.getByLabel('Name of the new rule set').fill('Compact page');
  await page.getByRole('button', { name: 'Create rule set' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rules of Compact' }).waitFor();

  await page.getByRole('button', { name: 'Add rule' }).click();
  const rule = page.getByRole('group', { name: 'Rule 1' });
  await rule.getByRole('button', { name: 'Add group to this rule' }).click();
  await rule.getByRole('combobox', { name: 'How the conditions of group 1 combine' }).click();
  await page.getByRole('option', { name: 'any of these is true' }).click();
  const choosePath = async (number: string, path: string) => {
    const input = rule.getByRole('combobox', { name: `Context path of condition ${number}` });
    await input.click();
    await input.fill(path);
    await page
      .getByRole('option', { name: new RegExp(`\\b${path.replace('.', '\\.')}\\)?$`) })
      .click();
  };
  await choosePath('1.1', 'device');
  await rule.getByRole('combobox', { name: 'Value of condition 1.1' }).click();
  await page.getByRole('option', { name: 'mobile', exact: true }).click();
  await rule.getByRole('button', { name: 'Add condition to group 1' }).click();
  await choosePath('1.2', 'visit.number');
  await rule.getByRole('combobox', { name: 'Operator of condition 1.2' }).click();
  await page.getByRole('option', { name: 'is at least' }).click();
  await rule.getByLabel('Value of condition 1.2').fill('2');
  await rule.getByRole('combobox', { name: 'Variant served by rule 1' }).click();
  await page.getByRole('option', { name: 'Hybrid', exact: true }).click();
  await rule.getByText('Condition as JSON').click();
  const json = { $or: [{ device: { $eq: 'mobile' } }, { 'visit.number': { $gte: 2 } }] };
  const shown = rule.getByTestId('cxm-condition-json');
  await shown.filter({ hasText: '"$gte": 2' }).waitFor(); // the number input applies as it is typed
  await expect(shown.textContent()).resolves.toBe(JSON.stringify(json, null, 2));
  await page.getByText('All rules are valid').waitFor();
  await screenshot(page, 'rules-any-of-group', rule);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Rule set saved').waitFor();

  const stored = await adminApi('/cxm/rules');
  const compact = stored.data.ruleSets.find(
    (set: { base: { slug: string } }) => set.base.slug === 'compact'
  );
  expect(compact).toMatchObject({
    name: 'Compact page',
    rules: [{ name: 'rule-1', condition: json }],
  });
  const onPhone = await fetch(`${app.url}/api/pages?filters[slug][$eq]=compact`, {
    headers: { 'User-Agent': IPHONE },
  }).then((response) => response.json() as Promise<any>);
  expect(onPhone.data[0].headline).toBe('Efficient and electric');
});
