#!/usr/bin/env node
/**
 * Recomputes every rollup row (the figures dashboards read) from the raw interactions, e.g.
 * after a restore or a fix. Stop the app first: both would write the same database.
 *
 *   node scripts/rebuild-rollups.js            # the demo's database (example-app/.tmp/data.db)
 *   DATABASE_FILENAME=.tmp/other.db node scripts/rebuild-rollups.js
 */
'use strict';

const { prepareEnvironment, ensurePluginBuilt, bootApp } = require('./lib/in-process-app');

async function main() {
  prepareEnvironment({ CXM_SEED: 'false' });
  ensurePluginBuilt();
  const strapi = await bootApp();
  try {
    const startedAt = Date.now();
    const { rows, interactions } = await strapi.plugin('cxm').service('tracking').rebuildRollups();
    console.log(
      `Rebuilt ${rows} rollup rows from ${interactions} visit and goal interactions in ${Date.now() - startedAt} ms.`
    );
  } finally {
    await strapi.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
