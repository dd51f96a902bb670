/**
 * The example app as a child process (`strapi start`, the way a process manager runs it), for
 * tests that need a second instance on the same database or a process to kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { appDir } from './database';
import { freePort } from './environment';

const strapiBin = path.join(
  path.dirname(require.resolve('@strapi/strapi/package.json', { paths: [appDir] })),
  'bin',
  'strapi.js'
);

export interface ChildApp {
  process: ChildProcess;
  port: number;
  output(): string;
  /** SIGKILL (no shutdown at all) or SIGTERM; resolves once the process has exited */
  kill(signal: NodeJS.Signals): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/_health', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 204);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** Starts the app with the given environment (on top of this process's) and waits until it is healthy. */
export async function startChildApp(
  env: Record<string, string>,
  timeoutMs = 60_000
): Promise<ChildApp> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [strapiBin, 'start'], {
    cwd: appDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      STRAPI_TELEMETRY_DISABLED: 'true',
      BROWSER: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      SERVE_ADMIN_PANEL: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-100_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(port))) {
    if (exited())
      throw new Error(`strapi start exited before it was healthy:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`strapi start was not healthy in time:\n${output.slice(-4000)}`);
    }
    await sleep(250);
  }
  return {
    process: child,
    port,
    output: () => output,
    kill: (signal) =>
      new Promise((resolve) => {
        if (exited()) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
