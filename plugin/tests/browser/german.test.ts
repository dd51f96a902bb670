/**
 * The plugin's admin UI in German: the demo admin switches their interface language to German
 * (the example app offers it, src/admin/app.js), then the plugin's dashboard and the
 * Personalization panel show the texts of admin/src/translations/de.json, not English.
 * One app + one browser for the file (see admin.test.ts); the tests run in order.
 */
import type { Browser, Page } from 'playwright-core';
import {
  adminApi,
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

/** The demo admin's interface language, as the profile page stores it (Strapi spells the field so). */
async function setInterfaceLanguage(language: string) {
  const answer = await adminApi(app, 'PUT', '/admin/users/me', { preferedLanguage: language });
  expect(answer.data?.preferedLanguage).toBe(language);
}

beforeAll(async () => {
  ({ app, browser, page } = await openAdminSession());
  await setInterfaceLanguage('de');
  await page.reload(); // the admin takes the language from the user it loads
});

afterAll(async () => {
  if (app) await setInterfaceLanguage('en').catch(() => undefined);
  await closeAdminSession({ app, browser });
});

test("the plugin's dashboard speaks German: sub-navigation, header, filters and the empty state", async () => {
  await page.goto('/admin/plugins/cxm/dashboard');
  await page.getByRole('heading', { level: 1, name: 'Experience' }).waitFor();
  await page
    .getByText(
      'Engagement-Wert statt bloßer Besuchszahlen: was jede Kampagne und jeder Kanal wert ist'
    )
    .waitFor();
  const navigation = page.getByRole('navigation', { name: 'Experience' });
  for (const section of ['Dashboard', 'Experimente', 'Simulator', 'Ziele']) {
    await navigation.getByRole('link', { name: section, exact: true }).waitFor();
  }
  await page.getByLabel('Von', { exact: true }).waitFor();
  await page.getByLabel('Bis', { exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Intervall' }).waitFor();
  await page.getByText(/^Noch keine Besuche in diesem Zeitraum\./).waitFor(); // a fresh app has no visits
  await expect(navigation.getByRole('link', { name: 'Goals', exact: true }).count()).resolves.toBe(
    0
  );
  await expect(
    page.getByText('Engagement value, not just visits', { exact: false }).count()
  ).resolves.toBe(0);
  await waitForLoaders(page);
  await screenshot(page, 'dashboard-de');
});

test('the Personalization panel of the home page speaks German, its notification too', async () => {
  await page.goto(PAGES);
  await page.getByRole('gridcell', { name: 'Home', exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`${PAGES}/`));
  await page.getByRole('button', { name: 'Veröffentlichen' }).waitFor(); // Strapi's own texts are German as well
  const panel = page
    .locator('aside')
    .filter({ has: page.getByRole('heading', { name: 'Personalisierung', exact: true }) });
  await panel.getByLabel('Vehicle interest: Limousine').waitFor(); // profile and key names are the editors' data
  await panel
    .getByRole('combobox', { name: 'Ziele, die durch das Ansehen dieses Eintrags erreicht werden' })
    .waitFor();
  await panel.getByText('Kein Ziel').waitFor();
  await panel.getByRole('heading', { name: 'Varianten-Regeln' }).waitFor();
  const rules = panel.getByTestId('cxm-rules');
  await rules.getByText('1. family-father').waitFor();
  await expect(rules.getByText('aktiv', { exact: true }).count()).resolves.toBe(2);
  await expect(
    rules.getByText(/für Besucher, auf die ihre Bedingung zutrifft/).count()
  ).resolves.toBe(2);
  await panel.getByRole('button', { name: 'Regel family-father deaktivieren' }).waitFor();
  await panel.getByRole('button', { name: 'Regel germany nach unten verschieben' }).waitFor();
  await panel.getByRole('button', { name: 'Variante aus diesem Eintrag erstellen' }).waitFor();
  await expect(
    page.getByRole('heading', { name: 'Personalization', exact: true }).count()
  ).resolves.toBe(0);
  await waitForLoaders(page);
  await screenshot(page, 'panel-de', panel);

  await panel.getByRole('button', { name: 'Personalisierung speichern' }).click();
  await page.getByText('Personalisierung gespeichert').waitFor();
});

test('the dashboard writes numbers and dates the German way, and names channels in German', async () => {
  // two visitors: 80 and 5 points of goals (and what their views are worth) per two visits
  await sendTraffic(app, 2);
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // one write-buffer flush interval
  const { data } = await adminApi(app, 'GET', '/cxm/analytics/matrix');
  const perVisit: number = data.totals.valuePerVisit;
  expect(Number.isInteger(perVisit)).toBe(false); // so the decimal separator shows
  await page.goto('/admin/plugins/cxm/dashboard');
  const stat = page.getByText('Wert pro Besuch', { exact: true }).locator('..');
  await expect(stat.locator('p').textContent()).resolves.toBe(
    new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 }).format(perVisit)
  );
  await expect(stat.locator('p').textContent()).resolves.toContain(',');
  const overview = page.getByTestId('cxm-overview-chart');
  await overview.locator('text', { hasText: 'Besuche (Anzahl)' }).first().waitFor();
  await overview.locator('text', { hasText: 'Engagement-Wert (Punkte)' }).first().waitFor();
  await page.getByRole('tab', { name: 'Kanäle' }).click();
  await page
    .getByTestId('cxm-channels-table')
    .getByRole('gridcell', { name: 'Direkt', exact: true })
    .waitFor();
  await waitForLoaders(page);
  await screenshot(page, 'dashboard-numbers-de');
});

test('the simulator explains a rule in German, and the timeline names its events in German', async () => {
  await page.goto('/admin/plugins/cxm/simulator');
  await page.getByRole('heading', { level: 1, name: 'Simulator' }).waitFor();
  await page.getByRole('button', { name: 'Simulieren' }).click();
  const simulation = page.getByTestId('cxm-simulation');
  await simulation.getByText('Persona ist Family father — dieser Besucher: noch keine').waitFor();
  await simulation.getByText('Land ist DE — dieser Besucher: noch keine').waitFor();
  await simulation
    .getByRole('link', { name: 'Regel germany im Regel-Editor bearbeiten' })
    .waitFor();
  await screenshot(page, 'simulator-de');

  const [cookie] = await sendTraffic(app, 1);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await page.goto(`/admin/plugins/cxm/contacts/${cookie.split('=')[1].split('.')[0]}`);
  const timeline = page.getByTestId('cxm-timeline');
  await timeline.getByText('Besuch', { exact: true }).first().waitFor();
  await timeline.getByText('Aufruf', { exact: true }).first().waitFor();
  await timeline.getByText('Ziel', { exact: true }).first().waitFor();
  await timeline.getByText(/über E-Mail/).waitFor();
  await expect(timeline.getByText('view', { exact: true }).count()).resolves.toBe(0);
  await screenshot(page, 'contact-de');
});
