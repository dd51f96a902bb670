'use strict';

const scenario = require('./scenario');

const PAGE = 'api::page.page';
const PUBLIC_ACTIONS = [
  'api::page.page.find',
  'api::page.page.findOne',
  'api::dealer.dealer.find',
  'api::dealer.dealer.nearest',
];

/** Finds a document by a unique field or creates it; never changes what an editor already edited. */
async function ensure(strapi, uid, where, data, options = {}) {
  const existing = await strapi.documents(uid).findFirst({ filters: where, ...options });
  if (existing) return existing;
  return strapi.documents(uid).create({ data, ...options });
}

async function seedDefinitions(strapi) {
  const profiles = {};
  for (const { keys, ...profile } of scenario.profiles) {
    profiles[profile.slug] = await ensure(
      strapi,
      'plugin::cxm.profile',
      { slug: profile.slug },
      profile
    );
    for (const key of keys) {
      await ensure(
        strapi,
        'plugin::cxm.profile-key',
        { slug: key.slug },
        { ...key, min: 0, max: 10, profile: profiles[profile.slug].documentId }
      );
    }
  }
  for (const { profile, ...persona } of scenario.personas) {
    await ensure(
      strapi,
      'plugin::cxm.persona',
      { slug: persona.slug },
      { ...persona, profile: profiles[profile].documentId }
    );
  }
  for (const goal of scenario.goals) {
    await ensure(strapi, 'plugin::cxm.goal', { slug: goal.slug }, goal);
  }
  for (const campaign of scenario.campaigns) {
    await ensure(strapi, 'plugin::cxm.campaign', { slug: campaign.slug }, campaign);
  }
}

async function seedDealers(strapi) {
  for (const dealer of scenario.dealers) {
    await ensure(strapi, 'api::dealer.dealer', { name: dealer.name }, dealer);
  }
}

async function seedPages(strapi) {
  const pages = {};
  for (const page of scenario.pages) {
    const existing = await strapi
      .documents(PAGE)
      .findFirst({ filters: { slug: page.slug }, status: 'draft' });
    pages[page.slug] =
      existing ??
      (await strapi
        .documents(PAGE)
        .create({ data: { kind: 'page', ...page }, status: 'published' }));
  }
  return pages;
}

async function seedPersonalization(strapi, pages) {
  for (const tag of scenario.tags) {
    const target = pages[tag.page].documentId;
    await ensure(
      strapi,
      'plugin::cxm.content-tag',
      { targetUid: PAGE, targetDocumentId: target },
      {
        targetUid: PAGE,
        targetDocumentId: target,
        keyValues: tag.keyValues,
      }
    );
  }
  for (const ruleSet of scenario.variantRules) {
    const base = pages[ruleSet.page].documentId;
    await ensure(
      strapi,
      'plugin::cxm.variant-rule',
      { baseUid: PAGE, baseDocumentId: base },
      {
        name: ruleSet.name,
        baseUid: PAGE,
        baseDocumentId: base,
        enabled: true,
        rules: ruleSet.rules.map((rule) => ({ ...rule, variant: pages[rule.variant].documentId })),
      }
    );
  }
}

/** The frontend site the demo's e-mail links lead to. */
const SITE_URL = (process.env.DEMO_SITE_URL || 'http://localhost:3000').replace(/\/+$/, '');

/** The scenario's automations, created and activated once (an automation edited later is left alone). */
async function seedAutomations(strapi) {
  const automations = strapi.plugin('cxm').service('automations');
  const existing = await automations.list();
  for (const definition of scenario.automations) {
    if (existing.some((automation) => automation.name === definition.name)) continue;
    const flow = JSON.parse(JSON.stringify(definition.flow).replaceAll('SITE/', `${SITE_URL}/`));
    const created = await automations.create({ ...definition, flow });
    await automations.activate(created.documentId);
  }
}

async function grantPublicAccess(strapi) {
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } });
  for (const action of PUBLIC_ACTIONS) {
    const existing = await strapi.db
      .query('plugin::users-permissions.permission')
      .findOne({ where: { action, role: role.id } });
    if (!existing)
      await strapi.db
        .query('plugin::users-permissions.permission')
        .create({ data: { action, role: role.id } });
  }
}

/** An admin for the demo, created once; returns its credentials when this call created it. */
async function ensureDemoAdmin(strapi, { email, password }) {
  if (await strapi.service('admin::user').exists()) return null;
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  await strapi.service('admin::user').create({
    firstname: 'Demo',
    lastname: 'Marketer',
    email,
    password,
    isActive: true,
    registrationToken: null,
    roles: superAdmin ? [superAdmin.id] : [],
  });
  return { email, password };
}

/** Idempotent: running it again adds only what is missing. */
async function seed(strapi) {
  const personalization = !!strapi.plugin('cxm'); // the benchmark also runs the app with the plugin disabled
  if (personalization) await seedDefinitions(strapi);
  const pages = await seedPages(strapi);
  if (personalization) await seedPersonalization(strapi, pages);
  if (personalization) await seedAutomations(strapi);
  await seedDealers(strapi);
  await grantPublicAccess(strapi);
  return pages;
}

module.exports = { seed, ensureDemoAdmin };
