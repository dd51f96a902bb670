/**
 * The Contacts, Personas and Settings pages in a real browser (filters and pagination, one
 * colour per persona, the warning for a persona close to another), and what an admin whose role
 * holds only "read analytics" sees of the plugin. One app + one browser for the file; the tests
 * run in order.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import {
  adminApi,
  type BrowserApp,
  closeAdminSession,
  login,
  newPage,
  openAdminSession,
  screenshot,
  sendTraffic,
  waitForLoaders,
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

/** A new admin user with a new role holding only `actions`, made through Strapi's admin API as an administrator would. */
async function adminWithRole(name: string, actions: string[]) {
  const role = await adminApi(app, 'POST', '/admin/roles', {
    name,
    description: `${name} (browser test)`,
  });
  await adminApi(app, 'PUT', `/admin/roles/${role.data.id}/permissions`, {
    permissions: actions.map((action) => ({
      action,
      subject: null,
      properties: {},
      conditions: [],
    })),
  });
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}@example.com`;
  const user = await adminApi(app, 'POST', '/admin/users', {
    firstname: name,
    lastname: 'Tester',
    email,
    roles: [role.data.id],
  });
  const password = 'Browser-Test-2026';
  const registered = await fetch(`${app.url}/admin/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      registrationToken: user.data.registrationToken,
      userInfo: { firstname: name, lastname: 'Tester', password },
    }),
  });
  expect(registered.status).toBe(200);
  return { email, password };
}

/** Continues the file's tests as another admin, in a fresh browser context. */
async function loginAs(credentials: { email: string; password: string }) {
  await page.context().close();
  page = await newPage(browser, app);
  await login(page, credentials);
}

/** Waits until `check` holds (the list answers after the URL changed). */
async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not true within ${timeoutMs} ms`);
}

/** The plugin's sub-navigation (not Strapi's main menu, which has a "Settings" link of its own). */
const subNavigation = () => page.getByRole('navigation', { name: 'Experience' });

test('a marketer finds a contact and reads its profile scores and timeline', async () => {
  const [cookie] = await sendTraffic(app, 3);
  const visitorId = cookie.split('=')[1].split('.')[0];
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // one write-buffer flush interval

  await page.goto('/admin/plugins/cxm');
  await subNavigation().getByRole('link', { name: 'Contacts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
  await page.getByLabel('Search by e-mail, external id or visitor id').fill(visitorId.slice(0, 13));
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('tbody tr').nth(1).waitFor({ state: 'detached' }); // of the three visitors, the one searched for
  await expect(page.locator('tbody tr').count()).resolves.toBe(1);
  await page.getByRole('link', { name: visitorId }).click();

  await page.getByRole('heading', { level: 1, name: 'Anonymous visitor' }).waitFor();
  const profile = page.getByTestId('cxm-profile-vehicle-interest');
  await profile.getByText('Persona: Family father (distance').waitFor();
  await profile.getByRole('row', { name: /Limousine/ }).waitFor();
  const timeline = page.getByTestId('cxm-timeline');
  await timeline.getByText('Viewed Limousine').first().waitFor();
  await timeline.getByText('Reached Brochure download (+20)').waitFor();
  await timeline.getByText('Now matches the persona Family father').waitFor();
  await timeline.getByText('Visit via E-mail (spring-newsletter)').waitFor();
  await timeline.getByText('View', { exact: true }).first().waitFor(); // the event badge, in words
  await page.getByRole('button', { name: 'Erase this contact' }).waitFor(); // the demo admin may manage contacts
  await waitForLoaders(page);
  await screenshot(page, 'contact-detail');
});

test('a marketer filters contacts by persona, channel and identity, and pages through them', async () => {
  await sendTraffic(app, 4); // two via the newsletter (e-mail), two direct; all Family fathers
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await page.goto('/admin/plugins/cxm/contacts');
  await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
  const rows = page.locator('tbody tr');
  const all = (await adminApi(app, 'GET', '/cxm/contacts?pageSize=100')).meta.pagination.total;
  const byEmail = (await adminApi(app, 'GET', '/cxm/contacts?channel=email&pageSize=100')).meta
    .pagination.total;
  expect(byEmail).toBeGreaterThan(0);
  expect(byEmail).toBeLessThan(all);

  await page.getByRole('combobox', { name: 'Came through channel' }).click();
  await page.getByRole('option', { name: 'E-mail' }).click();
  await page.waitForURL(/channel=email/);
  await until(async () => (await rows.count()) === Math.min(byEmail, 20));
  await page.getByRole('combobox', { name: 'Persona' }).click();
  await page.getByRole('option', { name: 'Family father' }).click();
  await page.waitForURL(/persona=family-father/);
  await rows.first().getByText('Family father').waitFor();
  await page.getByRole('combobox', { name: 'Identity' }).click();
  await page.getByRole('option', { name: 'identified' }).click();
  await page
    .getByText('No contact matches these filters. Widen them or clear the search.')
    .waitFor();
  await waitForLoaders(page);
  await screenshot(page, 'contacts-filtered');

  // Strapi's pagination: page size and page in the URL, validated by the server
  await page.goto('/admin/plugins/cxm/contacts?pageSize=1&page=2');
  await until(async () => (await rows.count()) === 1);
  await page.getByRole('link', { name: 'Go to previous page' }).click();
  await page.waitForURL(/page=1/);
  await page.getByRole('link', { name: `Go to page ${Math.min(all, 2)}` }).waitFor();
});

test('a persona keeps its colour on every page, and a new one close to it gets a warning', async () => {
  /** the dot's colour as its style attribute has it (the browser writes it as rgb(…)) */
  const dotOf = async (scope: Locator) => {
    const style = await scope.getByTestId('cxm-persona-dot').first().getAttribute('style');
    return /background(?:-color)?: ([^;]+)/.exec(style ?? '')?.[1];
  };
  await sendTraffic(app, 1); // a Family father, on the contacts list and in the dashboard's persona mix
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await page.goto('/admin/plugins/cxm/personas');
  const card = page.getByRole('listitem', { name: 'Family father' });
  const onPersonas = await dotOf(card);
  await page.goto('/admin/plugins/cxm/contacts?persona=family-father');
  const onContacts = await dotOf(page.locator('tbody tr').first());
  await page.goto('/admin/plugins/cxm/dashboard');
  const onDashboard = await dotOf(
    page.getByText('Family father', { exact: true }).first().locator('..')
  );
  expect(onContacts).toBe(onPersonas);
  expect(onDashboard).toBe(onPersonas);
  expect(onPersonas).toMatch(/^rgb\(/);

  await page.goto('/admin/plugins/cxm/personas');
  await page.getByRole('button', { name: 'New persona' }).click();
  await page.getByTestId('cxm-persona-similar').waitFor({ state: 'detached' }); // all keys at 0: far from both
  // Family father is limousine 8, leasing 6, hybrid 2, compact 1
  for (const [key, value] of [
    ['limousine', 8],
    ['leasing', 6],
    ['hybrid', 2],
    ['compact', 1],
  ] as const)
    await page.locator(`#cxm-persona-key-${key}`).fill(String(value));
  const warning = page.getByTestId('cxm-persona-similar');
  await warning.getByText(/^Very close to Family father \(distance 0\)/).waitFor();
  await page.locator('#cxm-persona-key-compact').fill('7');
  await warning.waitFor({ state: 'detached' });
  await page.locator('#cxm-persona-key-compact').fill('2');
  await warning.getByText(/distance 1\)/).waitFor();
  await screenshot(page, 'persona-similar', page.getByRole('region', { name: 'Persona editor' }));
});

test('an admin changes the visit timeout, and it is kept', async () => {
  await page.goto('/admin/plugins/cxm');
  await subNavigation().getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  const timeout = page.getByLabel('Visit timeout (minutes)');
  await expect(timeout.inputValue()).resolves.toBe('30');
  await page.getByText('GeoLite2-City').waitFor();
  await timeout.fill('45');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Settings saved').waitFor();

  await page.reload();
  await page.getByLabel('Visit timeout (minutes)').waitFor();
  await expect(page.getByLabel('Visit timeout (minutes)').inputValue()).resolves.toBe('45');
  await page.getByText('Overridden (config: 30)').waitFor();
  await page.getByLabel('Test an IP address').fill('91.64.10.20');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByTestId('cxm-geo-answer').textContent()).resolves.toMatch(/DE .*Nuremberg/);
  await waitForLoaders(page);
  await screenshot(page, 'settings');
  const settings = await adminApi(app, 'GET', '/cxm/settings');
  expect(settings.data.options.visitTimeoutMinutes).toEqual({
    value: 45,
    configured: 30,
    overridden: true,
  });
});

test('an analyst whose role may only read analytics sees the dashboard, not contacts or settings', async () => {
  await loginAs(await adminWithRole('Analyst', ['plugin::cxm.analytics.read']));
  await page.goto('/admin/plugins/cxm');
  await subNavigation().getByRole('link', { name: 'Dashboard' }).waitFor();
  await expect(subNavigation().getByRole('link', { name: 'Contacts' }).count()).resolves.toBe(0);
  await expect(subNavigation().getByRole('link', { name: 'Settings' }).count()).resolves.toBe(0);
  await screenshot(page, 'analyst-navigation');

  await page.goto('/admin/plugins/cxm/settings');
  await page.getByText("You don't have the permissions to access that content").waitFor();
  await expect(page.getByLabel('Visit timeout (minutes)').count()).resolves.toBe(0);
  await screenshot(page, 'analyst-settings-refused');
});

test('a contact reader reaches Contacts from the main menu, and cannot erase a contact', async () => {
  await loginAs(await adminWithRole('Contact reader', ['plugin::cxm.contacts.read']));
  await page.getByRole('link', { name: 'Experience' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor(); // the first page this role may see
  await expect(subNavigation().getByRole('link').allTextContents()).resolves.toEqual(['Contacts']);
  await page.locator('tbody tr a').first().click();
  await page.getByText('Profile scores').waitFor();
  await expect(page.getByRole('button', { name: 'Erase this contact' }).count()).resolves.toBe(0);
  await screenshot(page, 'contact-reader');
});
