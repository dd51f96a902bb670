/**
 * Browser tests of the plugin's admin UI: the example app runs as a child process (a real
 * `strapi start` in production mode, on a fresh SQLite file with fresh secrets) and Debian's
 * Chromium is driven through playwright-core. One app and one browser per test file:
 *
 *   let app: BrowserApp; let browser: Browser; let page: Page;
 *   beforeAll(async () => {
 *     app = await startBrowserApp();
 *     browser = await launchBrowser();
 *     page = await newPage(browser, app);
 *     await login(page);
 *   });
 *   afterAll(async () => { await browser?.close(); await app?.stop(); });
 *
 * The admin panel is built once into example-app/build and rebuilt only when the plugin's
 * built admin code (plugin/dist/admin) or the app's own admin code is newer than that build.
 * Run `npm run build -w strapi-plugin-cxm` first so plugin/dist holds the current plugin.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { startChildApp, type ChildApp } from '../helpers/child-app';

export const repoDir = path.resolve(__dirname, '../../..');
export const appDir = path.join(repoDir, 'example-app');
export const pluginDir = path.join(repoDir, 'plugin');
export const SCREENSHOT_DIR = path.join(repoDir, 'artifacts/screenshots');
export const LOG_DIR = path.join(repoDir, 'artifacts/logs');
/** What `strapi build` writes for a JS app: dirs.dist.root (= the app folder) + /build. */
export const ADMIN_BUILD_INDEX = path.join(appDir, 'build/index.html');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The admin that the example app seeds on its first boot (src/index.js). */
export const DEMO_ADMIN = {
  email: 'admin@example.com',
  password: 'Demo-Admin-2026',
  firstname: 'Demo',
};

const BUILD_TIMEOUT_MS = 300_000;

// ---------------------------------------------------------------------------------------------
// Admin panel build

function filesUnder(target: string): string[] {
  if (!fs.existsSync(target)) return [];
  if (!fs.statSync(target).isDirectory()) return [target];
  return fs
    .readdirSync(target)
    .sort()
    .flatMap((entry) => filesUnder(path.join(target, entry)));
}

/** What the admin build is made from besides node_modules: the plugin's built admin code and the app's. */
function adminBuildInputs(): string[] {
  return [
    path.join(pluginDir, 'dist/admin'),
    path.join(appDir, 'src/admin'),
    path.join(appDir, 'package.json'),
  ].flatMap(filesUnder);
}

function inputsHash(files: string[]): string {
  const hash = createHash('sha256');
  hash.update(require('@strapi/strapi/package.json').version);
  for (const file of files)
    hash.update(path.relative(repoDir, file)).update('\0').update(fs.readFileSync(file));
  return hash.digest('hex');
}

/** Records what the build in example-app/build was made from (`strapi build` empties that folder). */
const BUILD_STAMP = path.join(appDir, 'build/.browser-tests-inputs');

/**
 * Why the admin build must be (re)made, or null when example-app/build is up to date: it is
 * when it was made from the same inputs (content hash: scripts/test.sh rebuilds plugin/dist on
 * every run with the same content) or is newer than all of them.
 */
export function adminBuildReason(): string | null {
  if (process.env.CXM_BROWSER_REBUILD === '1') return 'CXM_BROWSER_REBUILD=1';
  if (!fs.existsSync(path.join(pluginDir, 'dist/admin/index.mjs'))) {
    throw new Error(
      'plugin/dist/admin/index.mjs is missing: run `npm run build -w strapi-plugin-cxm` first'
    );
  }
  if (!fs.existsSync(ADMIN_BUILD_INDEX)) return 'no admin build yet';
  const inputs = adminBuildInputs();
  const hash = inputsHash(inputs);
  if (fs.existsSync(BUILD_STAMP) && fs.readFileSync(BUILD_STAMP, 'utf8') === hash) return null;
  const built = fs.statSync(ADMIN_BUILD_INDEX).mtimeMs;
  const newer = inputs.find((file) => fs.statSync(file).mtimeMs > built);
  if (newer) return `${path.relative(repoDir, newer)} changed since the admin build`;
  fs.writeFileSync(BUILD_STAMP, hash);
  return null;
}

/**
 * Builds the example app's admin panel into example-app/build unless it is up to date
 * (adminBuildReason; CXM_BROWSER_REBUILD=1 forces a build). Uses scripts/build-admin.js (see there why not plain `npx strapi build`).
 */
export async function ensureAdminBuild(): Promise<void> {
  const reason = adminBuildReason();
  if (!reason) return;
  const hash = inputsHash(adminBuildInputs()); // before the build: what it is made from
  const started = Date.now();
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.resolve(__dirname, '../../../scripts/build-admin.js'), appDir],
      {
        cwd: appDir,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          STRAPI_TELEMETRY_DISABLED: 'true',
          CI: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    );
    const collect = (chunk: Buffer) => output.push(chunk.toString());
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && fs.existsSync(ADMIN_BUILD_INDEX)) resolve();
      else
        reject(
          new Error(
            `admin build failed (${signal ?? `exit ${code}`}):\n${output.join('').slice(-4000)}`
          )
        );
    });
  });
  fs.writeFileSync(BUILD_STAMP, hash);
  log(`admin panel built in ${((Date.now() - started) / 1000).toFixed(1)} s (${reason})`);
}

// ---------------------------------------------------------------------------------------------
// The example app as a child process

export type BrowserApp = ChildApp;

function log(message: string) {
  process.stderr.write(`[browser-tests] ${message}\n`);
}

/**
 * Builds the admin panel if needed, then starts the example app with the admin panel on a SQLite
 * database of its own: a copy of the run's template, on which the app seeded the demo content and
 * the demo admin (a fresh database, seeded on this boot, when there is none). Its
 * output goes to artifacts/logs/<test file>.strapi.log. `env` adds or overrides variables.
 */
export async function startBrowserApp(env: Record<string, string> = {}): Promise<BrowserApp> {
  await ensureAdminBuild();
  fs.mkdirSync(LOG_DIR, { recursive: true });
  // one log per test file, overwritten by the next run
  const testPath = (
    globalThis as { expect?: { getState(): { testPath?: string } } }
  ).expect?.getState().testPath;
  const logName = testPath ? path.basename(testPath, '.test.ts') : `browser-${Date.now()}`;
  const started = Date.now();
  const app = await startChildApp({
    client: 'sqlite',
    logFile: path.join(LOG_DIR, `${logName}.strapi.log`),
    env: {
      SERVE_ADMIN_PANEL: 'true',
      // no survey / EE promotion popups over the pages under test
      FLAG_NPS: 'false',
      FLAG_PROMOTE_EE: 'false',
      ...env,
    },
  });
  log(`app up at ${app.url} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return app;
}

// ---------------------------------------------------------------------------------------------
// Browser

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run scripts/install-chromium.sh (as root) or set CHROMIUM_PATH`
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** A page in a fresh context whose relative URLs (page.goto('/admin')) go to the app. */
export async function newPage(browser: Browser, app: BrowserApp): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    baseURL: app.url,
    // tall: the admin scrolls inside its own containers, which a fullPage screenshot does not expand
    viewport: { width: 1440, height: 1100 },
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
  });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  // Only the app is reachable: fail fast on anything else instead of waiting on timeouts.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  // Strapi's guided tour opens its steps over the Content Manager whenever it has loaded (skipping
  // it at login races its rendering): these are users who took it already.
  const tourTaken = JSON.stringify({ enabled: false, hidden: true, completedActions: [] });
  await context.addInitScript({
    content: `localStorage.setItem('STRAPI_GUIDED_TOUR', ${JSON.stringify(tourTaken)});`,
  });
  return context.newPage();
}

/** Logs in through the real login form; resolves once the admin home page is shown. */
export async function login(
  page: Page,
  credentials: { email: string; password: string } = DEMO_ADMIN
): Promise<void> {
  await page.goto('/admin/auth/login');
  await page.locator('input[name="email"]').fill(credentials.email);
  await page.locator('input[name="password"]').fill(credentials.password);
  await page.getByRole('button', { name: /^log ?in$/i }).click();
  await page.waitForURL(
    (url) => url.pathname.startsWith('/admin') && !url.pathname.startsWith('/admin/auth')
  );
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await dismissPopups(page);
}

/**
 * Closes what Strapi shows over the pages under test when it is there: the "new Media Library"
 * banner (remembered in localStorage, so once per browser context) and first-login dialogs.
 */
export async function dismissPopups(page: Page): Promise<void> {
  const candidates = [
    page.getByRole('button', { name: /close the banner/i }),
    page.getByRole('dialog').getByRole('button', { name: /^(skip|close|maybe later)/i }),
  ];
  for (const candidate of candidates) {
    const button = candidate.first();
    if (await button.isVisible().catch(() => false)) await button.click().catch(() => undefined);
  }
}

/**
 * Waits until no design-system <Loader> spins on the page (home widgets, lists, side panels
 * load after the page's heading). Pair it with a wait for the element under test.
 */
export async function waitForLoaders(page: Page, timeout = 30_000): Promise<void> {
  await page
    .locator('div[role="alert"][aria-live="assertive"]:has(img[aria-hidden="true"])')
    .first()
    .waitFor({ state: 'detached', timeout });
  // plain "Loading..." texts, English or German (e.g. a side panel fetching its data)
  await page
    .getByText(/^\s*(Loading|Wird geladen)\b/)
    .filter({ visible: true })
    .first()
    .waitFor({ state: 'detached', timeout });
}

/**
 * Writes artifacts/screenshots/<name>.png and returns its path: the page, or only `target` (e.g.
 * a side panel) when given. Wait for the elements under test (and waitForLoaders) before, never
 * for networkidle.
 */
export async function screenshot(page: Page, name: string, target?: Locator): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  if (target) await target.screenshot({ path: file, animations: 'disabled' });
  else await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

// ---------------------------------------------------------------------------------------------
// The app's APIs, as a frontend or a script uses them next to the browser

/** Node's fetch says "node", which the plugin rightly takes for a bot. */
export const BROWSER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/**
 * Content API traffic of a few visitors today: visits from the newsletter, views that make a
 * Family father, goals. Returns each visitor's cookie (`cxm_vid=<id>.<signature>`).
 */
export async function sendTraffic(app: BrowserApp, visitors: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let visitor = 0; visitor < visitors; visitor++) {
    const landing =
      visitor % 2 === 0
        ? 'https://cars.example/?utm_source=newsletter&utm_medium=email&utm_campaign=spring-2026'
        : 'https://cars.example/';
    const first = await fetch(`${app.url}/api/pages?filters[slug][$eq]=home`, {
      headers: { 'X-CXM-Page-Url': landing, 'User-Agent': BROWSER_AGENT },
    });
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
    // the limousine page, the leasing offer box, the limousine page: a Family father
    for (const path of [
      'pages?filters[slug][$eq]=limousine',
      'offers?filters[slug][$eq]=leasing-offer',
      'pages?filters[slug][$eq]=limousine',
    ]) {
      await fetch(`${app.url}/api/${path}`, {
        headers: { Cookie: cookie, 'User-Agent': BROWSER_AGENT },
      });
    }
    const goals = visitor % 2 === 0 ? ['brochure-download', 'test-drive-booking'] : ['like-share'];
    await fetch(`${app.url}/api/cxm/events`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json', 'User-Agent': BROWSER_AGENT },
      body: JSON.stringify({ events: goals.map((goal) => ({ type: 'goal', goal })) }),
    });
    cookies.push(cookie);
  }
  return cookies;
}

/** The demo admin's token per app: one login, for Strapi rate-limits /admin/login. */
const adminTokens = new Map<string, Promise<string>>();

/** The admin API as the demo admin: `adminApi(app, 'GET', '/cxm/goals')` → the parsed JSON body. */
export async function adminApi(app: BrowserApp, method: string, path: string, body?: unknown) {
  if (!adminTokens.has(app.url)) {
    const login = fetch(`${app.url}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
    })
      .then((response) => response.json() as Promise<any>)
      .then((answer) => answer.data.token as string);
    adminTokens.set(app.url, login);
  }
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${await adminTokens.get(app.url)}`,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json() as Promise<any>;
}

/** Opens a section of the plugin from its home page by the link in its menu, as an admin does. */
export async function openSection(page: Page, name: string): Promise<void> {
  await page.goto('/admin/plugins/cxm');
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** What a test file shares: the example app, a browser and a page logged in as the demo admin. */
export interface AdminSession {
  app: BrowserApp;
  browser: Browser;
  page: Page;
}

/** Starts the app (with `env`) and a browser, and logs in; stops what started if a step fails. */
export async function openAdminSession(env: Record<string, string> = {}): Promise<AdminSession> {
  const app = await startBrowserApp(env);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await newPage(browser, app);
    await login(page);
    return { app, browser, page };
  } catch (error) {
    await closeAdminSession({ app, browser });
    throw error;
  }
}

export async function closeAdminSession(session: Partial<AdminSession>): Promise<void> {
  await session.browser?.close();
  await session.app?.stop();
}
