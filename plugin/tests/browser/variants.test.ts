/**
 * Variants from the Content Manager: the Personalization panel of the hybrid page makes a copy,
 * the copy's panel says whose variant it is, and the base's panel lists the new rule.
 * One app + one browser for the file (see admin.test.ts); the tests run in order.
 */
import type { Browser, Page } from 'playwright-core';
import {
  type BrowserApp,
  closeAdminSession,
  openAdminSession,
  screenshot,
  waitForLoaders,
} from './helpers';

const PAGES = '/admin/content-manager/collection-types/api::page.page';
const RULE = 'Variant: Hybrid (variant)';

let app: BrowserApp;
let browser: Browser;
let page: Page;
let baseUrl: string;

beforeAll(async () => {
  ({ app, browser, page } = await openAdminSession());
});

afterAll(async () => {
  await closeAdminSession({ app, browser });
});

test('"Create variant from this entry" on the hybrid page opens the new variant, whose panel names its base', async () => {
  await page.goto(PAGES);
  await page.getByRole('gridcell', { name: 'Hybrid', exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`${PAGES}/`));
  baseUrl = page.url();
  await page.getByText('No rules: every visitor gets this entry.').waitFor();
  await page.getByRole('button', { name: 'Create variant from this entry' }).click();

  await page.waitForURL((url) => url.href !== baseUrl && url.pathname.startsWith(`${PAGES}/`));
  const variantUrl = new URL(page.url());
  expect(variantUrl.search).toBe(new URL(baseUrl).search); // the locale is kept
  const title = page.locator('input[name="title"]');
  await title.waitFor();
  await expect(title.inputValue()).resolves.toBe('Hybrid (variant)');
  await expect(page.locator('input[name="slug"]').inputValue()).resolves.toBe('hybrid-variant');
  const variantOf = page.getByTestId('cxm-variant-of');
  await variantOf.getByText('Variant of').waitFor();
  await variantOf.getByRole('link', { name: 'Hybrid', exact: true }).waitFor();
  await variantOf.getByText(`Served by the rule “${RULE}”, for everyone`).waitFor();
  await expect(variantOf.getByText('disabled').count()).resolves.toBe(1);
  await expect(
    page.getByRole('button', { name: 'Create variant from this entry' }).count()
  ).resolves.toBe(0);
  await waitForLoaders(page);
  await screenshot(page, 'variant-of-hybrid');
});

test('back on the hybrid page, the panel lists the rule of the new variant, disabled, and enables it', async () => {
  await page
    .getByTestId('cxm-variant-of')
    .getByRole('link', { name: 'Hybrid', exact: true })
    .click();
  await page.waitForURL((url) => url.href === baseUrl);
  const rules = page.getByTestId('cxm-rules');
  await rules.getByText(`1. ${RULE}`).waitFor();
  await rules.getByRole('link', { name: 'Hybrid (variant)' }).waitFor();
  await rules.getByText('disabled').waitFor();
  await waitForLoaders(page);
  await screenshot(page, 'hybrid-variant-rule');

  await page.getByRole('button', { name: `Enable the rule ${RULE}` }).click();
  await rules.getByText('enabled').waitFor();
  await page.reload();
  await page.getByTestId('cxm-rules').getByText('enabled').waitFor(); // stored, not just shown
  await page.getByRole('button', { name: `Disable the rule ${RULE}` }).waitFor();

  // the conditions are edited in the plugin's rule builder, one click away
  await page.getByRole('link', { name: 'Edit the conditions in the rule builder' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rules of Hybrid' }).waitFor();
  await expect(page.getByLabel('Name of rule 1').inputValue()).resolves.toBe(RULE);
});
