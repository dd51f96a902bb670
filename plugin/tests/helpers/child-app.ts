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
  /** the port to try first (a fresh free one after a port found taken); a free one otherwise */
  port?: number;
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
  /**
   * fetch on this app; when it cannot be reached the error says whether the process has exited
   * and what it printed last, which is all there is to know about a crash
   */
  request(path: string, init?: RequestInit): Promise<Response>;
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

/** Strapi's words when the port it was given is taken (the app then exits). */
const PORT_TAKEN = /is already used by another application/;
const PORT_ATTEMPTS = 3;

/**
 * Whether process `pid` holds the socket that listens on 127.0.0.1:`port`, from /proc/net/tcp
 * and the process's file descriptors; true where there is no /proc to ask (not Linux).
 */
function listensOn(pid: number, port: number): boolean {
  if (!fs.existsSync('/proc/net/tcp')) return true;
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const LISTEN = '0A';
  const sockets = fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[1] === local && fields[3] === LISTEN)
    .map((fields) => `socket:[${fields[9]}]`);
  if (sockets.length === 0) return false;
  return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
    try {
      return sockets.includes(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      return false; // closed meanwhile
    }
  });
}

/** Starts the app and waits until it answers GET /_health with 204 on its own port. */
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
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
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
  };
  const removeOwnData = async () => {
    if (ownDatabase) await database.drop();
    if (ownPublicDir) fs.rmSync(publicDir, { recursive: true, force: true });
  };
  // a port found free can still be taken by another suite's server before the app binds it
  for (let attempt = 1; ; attempt++) {
    try {
      const port = attempt === 1 && options.port ? options.port : await freePort();
      return await launch({ env, port, database, logFile: options.logFile, removeOwnData });
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === PORT_ATTEMPTS) {
        await removeOwnData();
        throw error;
      }
    }
  }
}

class PortTakenError extends Error {}

interface Launch {
  env: NodeJS.ProcessEnv;
  port: number;
  database: TestDatabase;
  logFile?: string;
  /** after the app has stopped */
  removeOwnData: () => Promise<void>;
}

async function launch({ env, port, database, logFile, removeOwnData }: Launch): Promise<ChildApp> {
  const url = `http://127.0.0.1:${port}`;
  const log = logFile ? fs.createWriteStream(logFile) : undefined;
  const child = spawn(process.execPath, [strapiBin, 'start'], {
    cwd: appDir,
    env: { ...env, PORT: String(port) },
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
  const howItEnded = () => child.signalCode ?? `exit ${child.exitCode}`;
  const lastOutput = () => `--- app output ---\n${printed.slice(-4000)}`;

  const terminate = async () => {
    if (!hasExited()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    if (log) await new Promise<void>((resolve) => log.end(() => resolve()));
  };
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= terminate().then(removeOwnData));

  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    if (hasExited() || Date.now() > deadline) {
      await terminate();
      if (PORT_TAKEN.test(printed)) throw new PortTakenError(`port ${port} was taken`);
      const why = hasExited()
        ? `the app exited (${howItEnded()}) before /_health answered`
        : `GET ${url}/_health did not answer 204 within ${BOOT_TIMEOUT_MS / 1000} s`;
      throw new Error(`${why}\n${lastOutput()}`);
    }
    try {
      const response = await fetch(`${url}/_health`, { signal: AbortSignal.timeout(2000) });
      // another suite's server on the port would answer too: until it exits, the app is not up
      if (response.status === 204 && listensOn(child.pid!, port)) break;
    } catch {
      // not listening yet
    }
    await delay(250);
  }
  const request = async (requestPath: string, init?: RequestInit) => {
    try {
      return await fetch(`${url}${requestPath}`, init);
    } catch (error) {
      await Promise.race([exited, delay(1000)]);
      const state = hasExited()
        ? `the app has exited (${howItEnded()})`
        : 'the app is still running';
      throw new Error(
        `${init?.method ?? 'GET'} ${requestPath} failed (${(error as Error).cause ?? error}); ${state}\n${lastOutput()}`,
        { cause: error }
      );
    }
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (!hasExited()) child.kill(signal);
    await exited;
  };
  return { url, port, child, database, output: () => printed, exited, request, kill, stop };
}
