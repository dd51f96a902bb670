/**
 * What `npm pack` ships is what an app gets: packs the plugin, checks the tarball's contents,
 * then installs the tarball into a throw-away Strapi app and boots it in-process on SQLite.
 * Nothing is mocked.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import * as tar from 'tar';
import type { Core } from '@strapi/strapi';
import { appSecrets } from '../helpers/environment';

const pluginDir = path.resolve(__dirname, '../..');
const repoDir = path.resolve(pluginDir, '..');
const PACKAGE_NAME = 'strapi-plugin-cxm';

let packDir: string;
let tarball: string;

beforeAll(() => {
  if (!fs.existsSync(path.join(pluginDir, 'dist')))
    execFileSync('npm', ['run', 'build'], { cwd: pluginDir, stdio: 'inherit' });
  packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxm-pack-'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
      cwd: pluginDir,
      encoding: 'utf8',
    })
  );
  tarball = path.join(packDir, packed.filename);
}, 180_000);

afterAll(() => {
  if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
});

describe('the npm tarball', () => {
  let entries: string[];

  beforeAll(() => {
    entries = [];
    tar.list({ file: tarball, sync: true, onReadEntry: (entry) => entries.push(entry.path) });
  });

  it.each([
    'package/dist/server/index.js',
    'package/dist/server/index.mjs',
    'package/dist/admin/index.js',
    'package/dist/admin/index.mjs',
    'package/dist/client/index.js',
    'package/dist/client/index.mjs',
    'package/dist/client/index.d.ts',
    'package/README.md',
    'package/package.json',
  ])('contains %s', (file) => {
    expect(entries).toContain(file);
  });

  it.each(['package/server/src/', 'package/admin/src/', 'package/client/', 'package/tests/'])(
    'contains nothing under %s',
    (folder) => {
      expect(entries.filter((entry) => entry.startsWith(folder))).toEqual([]);
    }
  );
});

/** A minimal SQLite app in the shapes of example-app/config; config/plugins declares cxm only, as a user adding it would. */
const APP_FILES: Record<string, string> = {
  'config/server.js': `module.exports = ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  app: { keys: env.array('APP_KEYS') },
});
`,
  'config/database.js': `const path = require('path');

module.exports = ({ env }) => ({
  connection: {
    client: 'sqlite',
    connection: { filename: path.join(__dirname, '..', env('DATABASE_FILENAME', '.tmp/data.db')) },
    useNullAsDefault: true,
  },
});
`,
  'config/admin.js': `module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
});
`,
  // Strapi looks installed plugins up from its own folder, the workspace's node_modules, where
  // strapi-plugin-cxm links to the plugin's sources; `resolve` points it at the copy installed
  // from the tarball, the one an app with its own node_modules would find.
  'config/plugins.js': `module.exports = {
  cxm: { enabled: true, resolve: './node_modules/${PACKAGE_NAME}' },
};
`,
  'config/logger.js': `module.exports = ({ env }) => ({ level: env('LOG_LEVEL', 'error') });
`,
  'config/middlewares.js': `module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
`,
  'config/api.js': `module.exports = {
  rest: { defaultLimit: 25, maxLimit: 100, withCount: true },
};
`,
  'src/index.js': `module.exports = {
  register() {},
  bootstrap() {},
};
`,
  'public/uploads/.gitkeep': '',
};

describe('an app that installs the tarball', () => {
  let appDir: string;
  let strapi: Core.Strapi;

  beforeAll(async () => {
    // Inside the repo so that @strapi/strapi and the plugin's dependencies resolve from the
    // workspace's node_modules, as they would from the app's own after an install.
    appDir = path.join(repoDir, '.tmp', `packaging-app-${randomBytes(6).toString('hex')}`);
    for (const [file, content] of Object.entries(APP_FILES)) {
      fs.mkdirSync(path.dirname(path.join(appDir, file)), { recursive: true });
      fs.writeFileSync(path.join(appDir, file), content);
    }
    fs.writeFileSync(
      path.join(appDir, 'package.json'),
      JSON.stringify(
        {
          name: 'cxm-packaging-app',
          private: true,
          dependencies: {
            '@strapi/strapi': '5.54.0',
            'better-sqlite3': '12.8.0',
            // Every new Strapi app has it (the visitor routes need none of its Public role's permissions).
            '@strapi/plugin-users-permissions': '5.54.0',
            [PACKAGE_NAME]: `file:${tarball}`,
          },
        },
        null,
        2
      )
    );
    // What npm does for a `file:` tarball dependency, without downloading Strapi again.
    const installDir = path.join(appDir, 'node_modules', PACKAGE_NAME);
    fs.mkdirSync(installDir, { recursive: true });
    tar.extract({ file: tarball, cwd: installDir, strip: 1, sync: true });

    Object.assign(process.env, {
      NODE_ENV: 'test',
      STRAPI_TELEMETRY_DISABLED: 'true',
      BROWSER: 'false',
      HOST: '127.0.0.1',
      DATABASE_FILENAME: '.tmp/data.db',
      ...appSecrets(),
    });
    const { compileStrapi, createStrapi } = require('@strapi/strapi');
    const context = await compileStrapi({ appDir });
    strapi = await createStrapi(context).load();
    strapi.server.mount();
  }, 120_000);

  afterAll(async () => {
    await strapi?.destroy();
    if (appDir) fs.rmSync(appDir, { recursive: true, force: true });
  });

  it('loads the plugin from the tarball installed in the app, not from the workspace', () => {
    const installDir = path.join(appDir, 'node_modules', PACKAGE_NAME);
    expect(strapi.plugin('cxm')).toBeDefined();
    expect(strapi.dirs.app.root).toBe(appDir);
    expect(require.resolve(`${PACKAGE_NAME}/strapi-server`, { paths: [appDir] })).toBe(
      path.join(installDir, 'dist/server/index.js')
    );
    expect(strapi.config.get('enabledPlugins.cxm.pathToPlugin')).toBe(installDir);
  });

  it('offers the frontend client as strapi-plugin-cxm/client, CommonJS and ES module', () => {
    const required = require(require.resolve(`${PACKAGE_NAME}/client`, { paths: [appDir] }));
    expect(typeof required.visitorHeaders).toBe('function');
    // jest runs CommonJS: a plain node process imports the package as an ES module would
    const imported = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import * as client from '${PACKAGE_NAME}/client'; console.log(Object.keys(client).sort().join(','));`,
      ],
      { cwd: appDir, encoding: 'utf8' }
    );
    expect(imported.trim()).toBe(Object.keys(required).sort().join(','));
  });

  it('ships the package.json by which Strapi finds a plugin among the app dependencies', () => {
    const manifest = require(require.resolve(`${PACKAGE_NAME}/package.json`, { paths: [appDir] }));
    expect(manifest.strapi).toMatchObject({ kind: 'plugin', name: 'cxm' });
  });

  it.each([
    'profile',
    'profile-key',
    'persona',
    'goal',
    'campaign',
    'variant-rule',
    'content-tag',
    'contact',
    'visit',
    'interaction',
  ])('registers the content type plugin::cxm.%s', (name) => {
    expect(strapi.contentType(`plugin::cxm.${name}`)).toBeDefined();
  });

  it('answers GET /api/cxm/context', async () => {
    await request(strapi.server.httpServer).get('/api/cxm/context').expect(200);
  });
});
