/**
 * Boots the example app in-process on a throw-away database: a fresh SQLite file, or a fresh
 * PostgreSQL / MariaDB database when DATABASE_CLIENT says so (scripts/test.sh runs the API
 * suite once per reachable server). No part of Strapi or the database is mocked.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';

export const appDir = path.resolve(__dirname, '../../../example-app');
/** The small GeoIP database that scripts/write-geoip-fixture.js writes: Nuremberg, Munich, Vienna, London, Seattle. */
export const GEOIP_FIXTURE = path.resolve(__dirname, '../fixtures/geoip-fixture.mmdb');

interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function createDatabase(client: string, name: string): Promise<TestDatabase> {
  if (client === 'postgres') {
    const { Client } = require('pg');
    const admin = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return {
      env: { DATABASE_HOST: '127.0.0.1', DATABASE_PORT: '5432', DATABASE_NAME: name, DATABASE_USERNAME: 'postgres', DATABASE_PASSWORD: '' },
      async drop() {
        const dropper = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  if (client === 'mysql') {
    const mysql = require('mysql2/promise');
    const connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    await connection.query(`CREATE DATABASE ${name}`);
    await connection.end();
    return {
      env: { DATABASE_HOST: '127.0.0.1', DATABASE_PORT: '3306', DATABASE_NAME: name, DATABASE_USERNAME: 'root', DATABASE_PASSWORD: '' },
      async drop() {
        const dropper = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
        await dropper.query(`DROP DATABASE IF EXISTS ${name}`);
        await dropper.end();
      },
    };
  }
  const relative = path.join('.tmp', `test-${name}.db`);
  const file = path.join(appDir, relative);
  return {
    env: { DATABASE_FILENAME: relative },
    async drop() {
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
    },
  };
}

export interface TestApp {
  strapi: Core.Strapi;
  server: import('http').Server;
  stop(): Promise<void>;
}

/** Starts the example app; `env` adds or overrides environment variables for this boot. */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const client = process.env.DATABASE_CLIENT ?? 'sqlite';
  const database = await createDatabase(client, `cxm_test_${randomBytes(6).toString('hex')}`);
  const secret = () => randomBytes(16).toString('base64');
  Object.assign(process.env, {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    CXM_GEOIP_DATABASE: GEOIP_FIXTURE,
    CXM_TRUSTED_PROXIES: '',
    HOST: '127.0.0.1',
    APP_KEYS: [secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    ENCRYPTION_KEY: secret(),
    DATABASE_CLIENT: client,
    ...database.env,
    ...env,
  });
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  const context = await compileStrapi({ appDir });
  const strapi: Core.Strapi = await createStrapi({ ...context, logLevel: 'error' }).load();
  strapi.server.mount();
  return {
    strapi,
    server: strapi.server.httpServer,
    async stop() {
      await strapi.destroy();
      await database.drop();
    },
  };
}
