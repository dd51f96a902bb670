/**
 * Boots the example app in-process on a throw-away database: a fresh SQLite file, or a fresh
 * PostgreSQL / MariaDB database when DATABASE_CLIENT says so (scripts/test.sh runs the API
 * suite once per reachable server). No part of Strapi or the database is mocked.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { appDir, createDatabase, type TestDatabase } from './database';
import { appSecrets, GEOIP_FIXTURE, uniqueName } from './environment';

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
  const name = uniqueName('cxm_test');
  const database = await createDatabase(client, name);
  // the seed uploads its images: into a public folder of this boot's own
  const publicDir = path.join(appDir, '.tmp', `public-${name}`);
  fs.mkdirSync(path.join(publicDir, 'uploads'), { recursive: true });
  const instanceEnv = {
    ...appSecrets(),
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
