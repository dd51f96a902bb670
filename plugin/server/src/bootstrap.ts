import type { Core } from '@strapi/strapi';
import { adminActions } from './permissions';
import { publicRoleStrategy } from './strategies/public-role';
import { getService } from './get-service';
import { subscribeVariantExclusion } from './variant-exclusion';

/** Content API actions the Public role gets on first start; an admin may revoke them later. */
const PUBLIC_ACTIONS = [
  'plugin::cxm.context.find',
  'plugin::cxm.events.create',
  'plugin::cxm.identity.redirect',
  'plugin::cxm.consent.update',
  'plugin::cxm.me.export',
  'plugin::cxm.me.erase',
];

/** Grants each public action once, so an action an admin revoked stays revoked across restarts and upgrades. */
async function grantPublicActionsOnce(strapi: Core.Strapi, role: { id: number }) {
  const store = strapi.store({ type: 'plugin', name: 'cxm' });
  const granted = ((await store.get({ key: 'public-actions-granted' })) as string[] | null) ?? [];
  const pending = PUBLIC_ACTIONS.filter((action) => !granted.includes(action));
  for (const action of pending) {
    const existing = await strapi.db
      .query('plugin::users-permissions.permission')
      .findOne({ where: { action, role: role.id } });
    if (!existing)
      await strapi.db
        .query('plugin::users-permissions.permission')
        .create({ data: { action, role: role.id } });
  }
  if (pending.length > 0)
    await store.set({ key: 'public-actions-granted', value: [...granted, ...pending] });
}

/**
 * On a fresh database the Public role may not exist yet when this plugin bootstraps (plugins
 * named in config/plugins start before the ones only installed): then grant once it is created.
 */
async function grantPublicActions(strapi: Core.Strapi) {
  if (!strapi.plugin('users-permissions')) return;
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } });
  if (role) return grantPublicActionsOnce(strapi, role);
  strapi.db.lifecycles.subscribe({
    models: ['plugin::users-permissions.role'],
    async afterCreate(event) {
      if (event.result?.type === 'public') await grantPublicActionsOnce(strapi, event.result);
    },
  });
}

/** Any write to a users-permissions role or permission may change what the Public role may do. */
function invalidatePublicRoleOnChange(strapi: Core.Strapi) {
  const invalidate = () => publicRoleStrategy.invalidate();
  strapi.db.lifecycles.subscribe({
    models: ['plugin::users-permissions.permission', 'plugin::users-permissions.role'],
    afterCreate: invalidate,
    afterCreateMany: invalidate,
    afterUpdate: invalidate,
    afterUpdateMany: invalidate,
    afterDelete: invalidate,
    afterDeleteMany: invalidate,
  });
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
  invalidatePublicRoleOnChange(strapi);
  await grantPublicActions(strapi);
};
