/**
 * The dashboard explains itself: axis titles with units, tooltips that name the campaign,
 * campaigns and channels on their own tabs, names instead of slugs, and a table a screen reader
 * reads instead of the chart. One app + one browser for the file; the tests run in order.
 */
import type { Browser, Page } from 'playwright-core';
import {
  type BrowserApp,
  closeAdminSession,
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
  await sendTraffic(app, 4);
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // one write-buffer flush interval
});

afterAll(async () => {
  await closeAdminSession({ app, browser });
});

test('the charts name their axes with units, and the overview has a table for screen readers', async () => {
  await page.goto('/admin/plugins/cxm/dashboard');
  const overview = page.getByTestId('cxm-overview-chart');
  await overview.locator('svg').first().waitFor();
  for (const title of ['Day', 'Visits (count)', 'Engagement value (points)'])
    await overview.locator('text', { hasText: title }).first().waitFor();
  const matrix = page.getByTestId('cxm-matrix-chart');
  for (const title of ['Visits (count)', 'Value per visit (points)'])
    await matrix.locator('text', { hasText: title }).first().waitFor();

  // the chart itself is hidden from assistive technology; its figures are a table
  await expect(overview.getAttribute('aria-hidden')).resolves.toBe('true');
  const table = page.getByRole('table', { name: 'Visits and engagement value per Day' });
  await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual([
    'Day',
    'Visits',
    'Engagement value',
    'Value per visit',
  ]);
  await expect(table.getByRole('row').count()).resolves.toBeGreaterThan(1);
  await expect(table.getByRole('cell', { name: '4', exact: true }).count()).resolves.toBe(1); // today's visits
  await waitForLoaders(page);
  await screenshot(page, 'dashboard-explained');
});

test('campaigns and channels have a tab each, named, and a tooltip names the point', async () => {
  await page.goto('/admin/plugins/cxm/dashboard');
  const campaigns = page.getByTestId('cxm-campaigns-table');
  await campaigns.getByRole('gridcell', { name: 'Spring newsletter (E-mail)' }).waitFor();
  await expect(page.getByTestId('cxm-channels-table').count()).resolves.toBe(0);

  const point = page.getByTestId('cxm-matrix-chart').locator('.recharts-scatter-symbol').first();
  await point.hover();
  await page.locator('.recharts-tooltip-wrapper').getByText('Spring newsletter (E-mail)').waitFor();
  await screenshot(page, 'dashboard-tooltip', page.getByTestId('cxm-matrix-chart'));

  await page.getByRole('tab', { name: 'Channels' }).click();
  const channels = page.getByTestId('cxm-channels-table');
  await channels.getByRole('gridcell', { name: 'E-mail', exact: true }).waitFor();
  await channels.getByRole('gridcell', { name: 'Direct', exact: true }).waitFor();
  await page.getByText('Family father').first().waitFor(); // the persona mix, by name
  await page.getByText('Test-drive booking').waitFor(); // the goals, by name
});
