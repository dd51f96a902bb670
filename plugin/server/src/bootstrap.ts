import type { Core } from '@strapi/strapi';
import { adminActions } from './permissions';
import { getService } from './get-service';
import { subscribeVariantExclusion } from './variant-exclusion';

/**
 * Content API actions that versions before the visitor strategy (strategies/visitor.ts) granted
 * the Public role at bootstrap. Their routes no longer read them; every grant left in the Public
 * role would still cost every anonymous Content API request (users-permissions builds its ability
 * from all of them), so they are revoked.
 */
const FORMERLY_PUBLIC_ACTIONS = [
  'plugin::cxm.context.find',
  'plugin::cxm.events.create',
  'plugin::cxm.identity.redirect',
  'plugin::cxm.consent.update',
  'plugin::cxm.me.export',
  'plugin::cxm.me.erase',
];

async function revokeFormerPublicGrants(strapi: Core.Strapi) {
  if (!strapi.plugin('users-permissions')) return;
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' }, select: ['id'] });
  if (!role) return;
  await strapi.db.query('plugin::users-permissions.permission').deleteMany({
    where: { action: { $in: FORMERLY_PUBLIC_ACTIONS }, role: role.id },
  });
  // the record of which of them were granted once
  await strapi.store({ type: 'plugin', name: 'cxm' }).delete({ key: 'public-actions-granted' });
}

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(adminActions);
  await getService(strapi, 'settings').load();
  getService(strapi, 'definitions').onRemoteChange(() => getService(strapi, 'settings').load());
  const settings = getService(strapi, 'settings').get();
  await getService(strapi, 'geoip').open();
  strapi.server.use(strapi.plugin('cxm').middleware('visitor')({}, { strapi }));
  subscribeVariantExclusion(strapi);
  getService(strapi, 'tracking').start();
  getService(strapi, 'definitions').startPolling(settings.definitionsPollMs);
  await getService(strapi, 'automations').start();
  getService(strapi, 'automation-scheduler').start();
  await revokeFormerPublicGrants(strapi);
};
