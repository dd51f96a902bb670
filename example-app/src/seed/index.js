'use strict';

const fs = require('node:fs');
const path = require('node:path');
const scenario = require('./scenario');

const PAGE = 'api::page.page';
const OFFER = 'api::offer.offer';
const UPLOAD_FILE = 'plugin::upload.file';
const IMAGES_DIR = path.join(__dirname, 'images');
const PUBLIC_ACTIONS = [
  'api::page.page.find',
  'api::page.page.findOne',
  'api::offer.offer.find',
  'api::offer.offer.findOne',
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

/** Uploads each image of the scenario once (found again by its name); returns file ids by file name. */
async function seedImages(strapi) {
  const ids = {};
  for (const image of scenario.images) {
    const existing = await strapi.db
      .query(UPLOAD_FILE)
      .findOne({ where: { name: image.file }, select: ['id'] });
    if (existing) {
      ids[image.file] = existing.id;
      continue;
    }
    const filepath = path.join(IMAGES_DIR, image.file);
    const [uploaded] = await strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: { fileInfo: { name: image.file, alternativeText: image.alternativeText } },
        files: {
          filepath,
          originalFilename: image.file,
          mimetype: 'image/png',
          size: fs.statSync(filepath).size,
        },
      });
    ids[image.file] = uploaded.id;
  }
  return ids;
}

/** Finds a published document by its slug (drafts included, so an editor's unpublished change is kept) or creates it published. */
async function ensureBySlug(strapi, uid, slug, data) {
  const existing = await strapi.documents(uid).findFirst({ filters: { slug }, status: 'draft' });
  return existing ?? strapi.documents(uid).create({ data, status: 'published' });
}

async function seedOffers(strapi, images) {
  const offers = {};
  for (const { image, ...offer } of scenario.offers) {
    offers[offer.slug] = await ensureBySlug(strapi, OFFER, offer.slug, {
      ...offer,
      image: images[image],
    });
  }
  return offers;
}

/** A block of the scenario with its file names and slugs replaced by ids and documentIds. */
function resolveBlock(block, refs) {
  const { image, offer, offers, pages, ...fields } = block;
  const resolved = { ...fields };
  if (image) resolved.image = refs.images[image];
  if (offer) resolved.offer = refs.offers[offer].documentId;
  if (offers) resolved.offers = offers.map((slug) => refs.offers[slug].documentId);
  if (pages) resolved.pages = pages.map((slug) => refs.pages[slug].documentId);
  return resolved;
}

async function seedPages(strapi, images, offers) {
  const pages = {};
  for (const { blocks = [], seo, offers: pageOffers = [], ...page } of scenario.pages) {
    const refs = { images, offers, pages };
    pages[page.slug] = await ensureBySlug(strapi, PAGE, page.slug, {
      kind: 'page',
      ...page,
      offers: pageOffers.map((slug) => offers[slug].documentId),
      seo: seo && { ...seo, shareImage: seo.shareImage && images[seo.shareImage] },
      blocks: blocks.map((block) => resolveBlock(block, refs)),
    });
  }
  return pages;
}

async function seedPersonalization(strapi, documents) {
  const uidOf = { page: PAGE, offer: OFFER };
  for (const tag of scenario.tags) {
    const targetUid = uidOf[tag.type];
    const target = documents[tag.type][tag.slug].documentId;
    await ensure(
      strapi,
      'plugin::cxm.content-tag',
      { targetUid, targetDocumentId: target },
      { targetUid, targetDocumentId: target, keyValues: tag.keyValues }
    );
  }
  for (const ruleSet of scenario.variantRules) {
    const baseUid = uidOf[ruleSet.type];
    const ofType = documents[ruleSet.type];
    const base = ofType[ruleSet.slug].documentId;
    await ensure(
      strapi,
      'plugin::cxm.variant-rule',
      { baseUid, baseDocumentId: base },
      {
        name: ruleSet.name,
        baseUid,
        baseDocumentId: base,
        enabled: true,
        rules: ruleSet.rules.map((rule) => ({ ...rule, variant: ofType[rule.variant].documentId })),
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
  const images = await seedImages(strapi);
  const offers = await seedOffers(strapi, images);
  const pages = await seedPages(strapi, images, offers);
  if (personalization) await seedPersonalization(strapi, { page: pages, offer: offers });
  if (personalization) await seedAutomations(strapi);
  await seedDealers(strapi);
  await grantPublicAccess(strapi);
  return pages;
}

module.exports = { seed, ensureDemoAdmin };
