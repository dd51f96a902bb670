/**
 * The example app as a real child process (`node …/@strapi/strapi/bin/strapi.js start`, the way
 * a process manager runs it, so signals reach Strapi itself, not an npm wrapper), on a fresh
 * database with fresh secrets and a free port. Used where a test needs what only a process has:
 * signals (SIGTERM, SIGKILL), the log it prints, the built admin panel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appDir, type TestDatabase } from './database';
import { appSecrets, freePort, GEOIP_FIXTURE, uniqueName } from './environment';
import { newAppData } from './template';
const strapiBin = path.join(
  path.dirname(require.resolve('@strapi/strapi/package.json', { paths: [appDir] })),
  'bin/strapi.js'
);
const BOOT_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;
const KEPT_OUTPUT = 200_000;

export interface ChildAppOptions {
  /** environment of the app, over the defaults below */
  env?: Record<string, string>;
  /** `sqlite` (default: DATABASE_CLIENT or sqlite), `postgres` or `mysql` */
  client?: string;
  /** an existing database to share with another instance; a fresh one is made (and dropped) otherwise */
  database?: TestDatabase;
  /** a file that receives everything the app prints */
  logFile?: string;
  /** the public folder (uploads) to use and keep; a fresh one is made (and removed) otherwise */
  publicDir?: string;
}

export interface ChildApp {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  child: ChildProcess;
  database: TestDatabase;
  /** the last 200 kB the app printed (stdout and stderr) */
  output(): string;
  /** resolves with how the process ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** sends `signal` (SIGKILL: no shutdown at all) and resolves once the process has exited */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM (unless it has exited), SIGKILL after 20 s; then its own database and public folder go */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the app and waits until GET /_health answers 204. */
export async function startChildApp(options: ChildAppOptions = {}): Promise<ChildApp> {
  const client = options.client ?? process.env.DATABASE_CLIENT ?? 'sqlite';
  const ownDatabase = !options.database;
  // a database of its own is a copy of the run's template, if any, with its uploads and secrets
  const own = ownDatabase ? await newAppData(client, 'cxm_child') : undefined;
  const database = options.database ?? own!.database;
  // the images the seed uploads go to a public folder of this process's own
  const ownPublicDir = !options.publicDir;
  const publicDir =
    options.publicDir ??
    own?.publicDir ??
    path.join(appDir, '.tmp', `public-${uniqueName('cxm_child')}`);
  fs.mkdirSync(path.join(publicDir, 'uploads'), { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = options.logFile ? fs.createWriteStream(options.logFile) : undefined;
  const child = spawn(process.execPath, [strapiBin, 'start'], {
    cwd: appDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'error',
      STRAPI_TELEMETRY_DISABLED: 'true',
      BROWSER: 'false',
      // without the admin panel no admin build is needed; browser tests turn it on
      SERVE_ADMIN_PANEL: 'false',
      CXM_GEOIP_DATABASE: GEOIP_FIXTURE,
      CXM_TRUSTED_PROXIES: '',
      ...(own?.secrets ?? appSecrets()),
      DATABASE_CLIENT: client,
      PUBLIC_DIR: publicDir,
      ...database.env,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let printed = '';
  const collect = (chunk: Buffer) => {
    printed = (printed + chunk.toString('utf8')).slice(-KEPT_OUTPUT);
    log?.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    })
  );
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (!hasExited()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      if (log) await new Promise<void>((resolve) => log.end(() => resolve()));
      if (ownDatabase) await database.drop();
      if (ownPublicDir) fs.rmSync(publicDir, { recursive: true, force: true });
    })());

  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    if (hasExited() || Date.now() > deadline) {
      const why = hasExited()
        ? `the app exited (${child.signalCode ?? `exit ${child.exitCode}`}) before /_health answered`
        : `GET ${url}/_health did not answer 204 within ${BOOT_TIMEOUT_MS / 1000} s`;
      await stop();
      throw new Error(`${why}\n--- app output ---\n${printed.slice(-4000)}`);
    }
    try {
      const response = await fetch(`${url}/_health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 204) break;
    } catch {
      // not listening yet
    }
    await delay(250);
  }
  const kill = async (signal: NodeJS.Signals) => {
    if (!hasExited()) child.kill(signal);
    await exited;
  };
  return { url, port, child, database, output: () => printed, exited, kill, stop };
}
