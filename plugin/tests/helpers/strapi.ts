/**
 * Boots the example app in-process on a throw-away database: a SQLite file, or a PostgreSQL /
 * MariaDB database when DATABASE_CLIENT says so (scripts/test.sh runs the API suite once per
 * reachable server). In the API suite the database is a copy of the suite's template, which the
 * app booted on once with the default environment (tests/helpers/template.ts): a test's `env`
 * configures the app it boots, not what the seed wrote. No part of Strapi or the database is
 * mocked.
 */
import fs from 'node:fs';
import type { Core } from '@strapi/strapi';
import { appDir, type TestDatabase } from './database';
import { GEOIP_FIXTURE } from './environment';
import { newAppData } from './template';

export { appDir, GEOIP_FIXTURE };

export interface TestApp {
  strapi: Core.Strapi;
  server: import('http').Server;
  database: TestDatabase;
  /** the secrets and database settings it booted with: a second instance of the same app takes them */
  instanceEnv: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts the example app; `env` adds or overrides environment variables for this boot. */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const client = process.env.DATABASE_CLIENT ?? 'sqlite';
  const { database, publicDir, secrets } = await newAppData(client, 'cxm_test');
  const instanceEnv = {
    ...secrets,
    DATABASE_CLIENT: client,
    PUBLIC_DIR: publicDir,
    ...database.env,
  };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    CXM_GEOIP_DATABASE: GEOIP_FIXTURE,
    CXM_TRUSTED_PROXIES: '',
    HOST: '127.0.0.1',
    ...instanceEnv,
    ...env,
  });
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  const context = await compileStrapi({ appDir });
  const strapi: Core.Strapi = await createStrapi({ ...context, logLevel: 'error' }).load();
  strapi.server.mount();
  return {
    strapi,
    server: strapi.server.httpServer,
    database,
    instanceEnv,
    async stop() {
      await strapi.destroy();
      await database.drop();
      fs.rmSync(publicDir, { recursive: true, force: true });
    },
  };
}
