import type { Core } from '@strapi/strapi';

/** Content API actions the Public role gets on first start; an admin may revoke them later. */
const PUBLIC_ACTIONS = ['plugin::cxm.context.find'];

async function grantPublicActionsOnce(strapi: Core.Strapi) {
  if (!strapi.plugin('users-permissions')) return;
  const store = strapi.store({ type: 'plugin', name: 'cxm' });
  if (await store.get({ key: 'public-actions-granted' })) return;
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) return;
  for (const action of PUBLIC_ACTIONS) {
    const existing = await strapi.db.query('plugin::users-permissions.permission').findOne({ where: { action, role: role.id } });
    if (!existing) await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  await store.set({ key: 'public-actions-granted', value: true });
}

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const cxm = strapi.plugin('cxm');
  const settings = cxm.service('settings').get();
  strapi.server.use(cxm.middleware('visitor')({}, { strapi }));
  cxm.service('tracking').start();
  cxm.service('definitions').startPolling(settings.definitionsPollMs);
  await grantPublicActionsOnce(strapi);
};
