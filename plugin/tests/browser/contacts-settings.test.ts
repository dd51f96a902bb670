/**
 * The Contacts and Settings pages in a real browser, and what an admin whose role holds only
 * "read analytics" sees of the plugin. One app + one browser for the file; the tests run in order.
 */
import type { Browser, Page } from 'playwright-core';
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
  await timeline.getByText('Visit via email (spring-newsletter)').waitFor();
  await page.getByRole('button', { name: 'Erase this contact' }).waitFor(); // the demo admin may manage contacts
  await waitForLoaders(page);
  await screenshot(page, 'contact-detail');
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
