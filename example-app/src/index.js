'use strict';

const { seed, ensureDemoAdmin } = require('./seed');

const DEMO_ADMIN = {
  email: process.env.DEMO_ADMIN_EMAIL || 'admin@example.com',
  password: process.env.DEMO_ADMIN_PASSWORD || 'Demo-Admin-2026',
};

module.exports = {
  register() {},

  /** Loads the demo content (idempotent) unless CXM_SEED=false. */
  async bootstrap({ strapi }) {
    if (process.env.CXM_SEED === 'false') return;
    await seed(strapi);
    const created = await ensureDemoAdmin(strapi, DEMO_ADMIN);
    if (created) strapi.log.info(`[demo] admin created: ${created.email} / ${created.password}`);
  },
};
