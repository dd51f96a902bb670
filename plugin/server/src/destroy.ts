import type { Core } from '@strapi/strapi';

/** Nothing accepted is lost: the write buffer is flushed before the database closes. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.plugin('cxm').service('definitions').stopPolling();
  await strapi.plugin('cxm').service('tracking').stop();
  strapi.plugin('cxm').service('geoip').close();
};
