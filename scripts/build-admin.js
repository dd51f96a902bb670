#!/usr/bin/env node
/**
 * Builds the example app's admin panel (what `strapi build` does) into example-app/build.
 *
 * Why not plain `npx strapi build`: Strapi's CLI looks for a tsconfig.json in the app folder
 * *and every folder above it*. The workspace root has a tsconfig.json (for the plugin's type
 * checks), so the CLI takes the JS example app for a TypeScript project, tries to compile it
 * and exits 1 after "Compiling TS". When such an outside tsconfig.json is found, this script
 * calls the same build function the CLI calls, without the tsconfig; otherwise it runs the
 * real CLI. Run with the example app as cwd or pass its path as the first argument.
 */
'use strict';

const path = require('node:path');

const appDir = path.resolve(process.argv[2] || process.cwd());
const strapiDir = path.dirname(require.resolve('@strapi/strapi/package.json', { paths: [appDir] }));
const ts = require(require.resolve('typescript', { paths: [strapiDir] }));

const found = ts.findConfigFile(appDir, ts.sys.fileExists, 'tsconfig.json');
const outsideTsconfig = found && !path.resolve(found).startsWith(appDir + path.sep);

process.chdir(appDir);
if (!outsideTsconfig) {
  process.argv = [process.argv[0], path.join(strapiDir, 'bin', 'strapi.js'), 'build'];
  require(path.join(strapiDir, 'bin', 'strapi.js'));
} else {
  // Deep requires by absolute path (the package's "exports" do not list them): same code as
  // `strapi build` (dist/src/cli/commands/build.js) with the CLI's default options.
  const { build } = require(path.join(strapiDir, 'dist', 'src', 'node', 'build.js'));
  const { createLogger } = require(
    path.join(strapiDir, 'dist', 'src', 'cli', 'utils', 'logger.js')
  );
  const logger = createLogger({ debug: false, silent: false, timestamp: false });
  logger.info(`ignoring ${path.relative(appDir, found)} (outside the app) for the admin build`);
  build({
    cwd: appDir,
    logger,
    tsconfig: undefined,
    bundler: 'vite',
    minify: true,
    sourcemap: false,
    stats: false,
    installDeps: false,
  }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
