'use strict';
/**
 * Runs the example app as a child process for a benchmark: `strapi start` on 127.0.0.1 and a
 * free port, a fresh SQLite file under example-app/.tmp, fresh secrets, no admin panel.
 * Stopping (also from an exit or signal handler) ends the process and deletes the database.
 */
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '../..');
const appDir = path.join(repoRoot, 'example-app');
const strapiCli = path.join(repoRoot, 'node_modules/.bin/strapi');
const LOOPBACK = '127.0.0.1';
const BOOT_TIMEOUT_MS = 120_000;
const HEALTH_POLL_MS = 250;
/** Long enough for a loaded server to flush its write buffer and write its CPU profile (--cpu-prof). */
const STOP_TIMEOUT_MS = 120_000;
/** Enough of the app's output to explain a failed boot. */
const OUTPUT_TAIL_CHARS = 10_000;

/** Apps started and not yet stopped, so that an interrupted run can still clean up. */
const runningApps = new Set();

function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, LOOPBACK, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Secrets the app refuses to start without (like scripts/write-env.js), passed as env vars rather than an .env file. */
function freshSecrets() {
  const secret = () => randomBytes(16).toString('base64');
  return {
    APP_KEYS: [secret(), secret(), secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    ENCRYPTION_KEY: secret(),
  };
}

const clockTicksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process in ms (all its threads, from /proc; Linux only), or null where unavailable. */
function processCpuTimeMs(pid) {
  try {
    // Fields after the command name, which is in parentheses and may contain spaces: utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return null;
  }
}

function removeDatabase(databaseFile) {
  for (const suffix of ['', '-journal', '-wal', '-shm'])
    fs.rmSync(databaseFile + suffix, { force: true });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilHealthy(baseUrl, exited) {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  let exit;
  exited.then((result) => (exit = result));
  while (Date.now() < deadline) {
    if (exit)
      throw new Error(`the app exited during boot (code ${exit.code}, signal ${exit.signal})`);
    try {
      const response = await fetch(`${baseUrl}/_health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 204) return;
    } catch {
      // not listening yet
    }
    await sleep(HEALTH_POLL_MS);
  }
  throw new Error(
    `the app did not answer GET /_health with 204 within ${BOOT_TIMEOUT_MS / 1000} s`
  );
}

/**
 * Boots the app and resolves once GET /_health answers 204.
 * @param {{ name: string, pluginEnabled: boolean, nodeArgs?: string[], cpuList?: string, env?: Record<string, string> }} options
 *   name makes the database file unique; nodeArgs go to the app's node process (e.g. --cpu-prof);
 *   cpuList pins the process and all its threads to those CPUs (`taskset -c`); env is added to its environment
 */
async function startApp({ name, pluginEnabled, nodeArgs = [], cpuList, env = {} }) {
  if (!fs.existsSync(strapiCli))
    throw new Error(`Strapi CLI not found at ${strapiCli}; run npm install first`);
  const port = await freeLoopbackPort();
  const baseUrl = `http://${LOOPBACK}:${port}`;
  const databaseFilename = path.join('.tmp', `${name}.db`);
  const databaseFile = path.join(appDir, databaseFilename);
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  removeDatabase(databaseFile);
  // the images the seed uploads go to a public folder of this app's own, not to public/uploads
  const publicDir = path.join(appDir, '.tmp', `${name}-public`);
  fs.rmSync(publicDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(publicDir, 'uploads'), { recursive: true });

  const command = [process.execPath, ...nodeArgs, strapiCli, 'start'];
  // taskset execs the command, so the child's pid is the app's
  const pinned = cpuList === undefined ? command : ['taskset', '-c', cpuList, ...command];
  const child = spawn(pinned[0], pinned.slice(1), {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...freshSecrets(),
      NODE_ENV: 'production',
      HOST: LOOPBACK,
      PORT: String(port),
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: databaseFilename,
      PUBLIC_DIR: publicDir,
      CXM_ENABLED: String(pluginEnabled),
      CXM_SEED: 'true',
      SERVE_ADMIN_PANEL: 'false',
      LOG_LEVEL: 'error',
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
      BROWSER: 'false',
      ...env,
    },
  });
  let output = '';
  const keepTail = (chunk) => (output = (output + chunk).slice(-OUTPUT_TAIL_CHARS));
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal }))
  );

  let stopping;
  const app = {
    baseUrl,
    databaseFile,
    publicDir,
    child,
    cpuTimeMs: () => processCpuTimeMs(child.pid),
    /** Asks Strapi to shut down (SIGTERM flushes the plugin's write buffer), kills it if it hangs, deletes the database. */
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timedOut = await Promise.race([
            exited.then(() => false),
            sleep(STOP_TIMEOUT_MS).then(() => true),
          ]);
          if (timedOut) {
            child.kill('SIGKILL');
            await exited;
          }
        }
        removeDatabase(databaseFile);
        fs.rmSync(publicDir, { recursive: true, force: true });
        runningApps.delete(app);
      })();
      return stopping;
    },
  };
  runningApps.add(app);

  try {
    await waitUntilHealthy(baseUrl, exited);
  } catch (error) {
    await app.stop();
    throw new Error(`${name}: ${error.message}\n--- last output of the app ---\n${output.trim()}`, {
      cause: error,
    });
  }
  return app;
}

/** This process and all its threads on `cpuList`, away from the servers' (`taskset`). */
function pinThisProcess(cpuList) {
  execFileSync('taskset', ['-a', '-cp', cpuList, String(process.pid)], { stdio: 'ignore' });
}

function stopAllApps() {
  return Promise.all([...runningApps].map((app) => app.stop()));
}

/** Last resort when the process exits without having stopped its apps: synchronous, so it works in an 'exit' handler. */
function killAllAppsNow() {
  for (const app of runningApps) {
    if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
    removeDatabase(app.databaseFile);
    fs.rmSync(app.publicDir, { recursive: true, force: true });
  }
}

module.exports = { startApp, stopAllApps, killAllAppsNow, pinThisProcess, repoRoot, appDir };
