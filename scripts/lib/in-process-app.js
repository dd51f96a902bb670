/**
 * Boots the example app in this process for the scripts that work through the real plugin
 * (traffic generator, rollup rebuild): the demo's database and secrets unless the environment
 * says otherwise.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');

const ROOT = path.resolve(__dirname, '../..');
const APP_DIR = path.join(ROOT, 'example-app');

/** KEY=value lines; comments, blank lines and surrounding quotes are ignored. */
function parseEnvFile(text) {
  const entries = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) entries[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return entries;
}

/** Secrets as scripts/write-env.js makes them, for a run before the demo's .env exists. */
function freshSecrets() {
  const secret = () => randomBytes(16).toString('base64');
  return {
    APP_KEYS: [secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
  };
}

/** The caller's environment wins over .env and defaults; `forced` settings always apply. */
function prepareEnvironment(forced = {}) {
  const envFile = path.join(APP_DIR, '.env');
  const fromFile = fs.existsSync(envFile)
    ? parseEnvFile(fs.readFileSync(envFile, 'utf8'))
    : freshSecrets();
  const defaults = {
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: '.tmp/data.db',
    LOG_LEVEL: 'error',
    ...fromFile,
  };
  for (const [name, value] of Object.entries(defaults))
    if (process.env[name] === undefined) process.env[name] = value;
  Object.assign(process.env, {
    STRAPI_TELEMETRY_DISABLED: 'true',
    SERVE_ADMIN_PANEL: 'false',
    BROWSER: 'false',
    ...forced,
  });
}

function ensurePluginBuilt() {
  if (fs.existsSync(path.join(ROOT, 'plugin/dist/server/index.js'))) return;
  console.log('Building the plugin (plugin/dist is missing) …');
  execFileSync('npm', ['run', 'build', '--silent', '-w', 'strapi-plugin-cxm'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** Loads the app; `listen` also binds the HTTP server to a loopback port (for supertest). */
async function bootApp({ listen = false } = {}) {
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  const context = await compileStrapi({ appDir: APP_DIR });
  const strapi = await createStrapi({ ...context, logLevel: process.env.LOG_LEVEL }).load();
  strapi.server.mount();
  // listening ourselves keeps supertest from opening and closing a server for every request
  if (listen)
    await new Promise((resolve, reject) =>
      strapi.server.httpServer.listen(0, '127.0.0.1', resolve).once('error', reject)
    );
  return strapi;
}

module.exports = { ROOT, APP_DIR, prepareEnvironment, ensurePluginBuilt, bootApp };
