import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { geoLookupQuerySchema, settingsOverridesSchema } from '../validation/settings';
import { issuesOf, refuse } from '../validation/issues';
import { getService } from '../get-service';

/** Admin: the runtime options (config/plugins values and their overrides) and the GeoIP database's status. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const view = () => ({
    data: {
      options: getService(strapi, 'settings').describe(),
      geoip: getService(strapi, 'geoip').status(),
    },
  });

  return {
    find(ctx: Context) {
      ctx.body = view();
    },

    /** Replaces the overrides: an option left out or null follows config/plugins again. */
    async update(ctx: Context) {
      const parsed = settingsOverridesSchema.safeParse(ctx.request.body ?? {});
      if (!parsed.success) return refuse(ctx, 'settings', issuesOf(parsed.error));
      await getService(strapi, 'settings').replaceOverrides(parsed.data);
      ctx.body = view();
    },

    /** A test lookup in the loaded GeoIP database. */
    geoLookup(ctx: Context) {
      const parsed = geoLookupQuerySchema.safeParse(ctx.query);
      if (!parsed.success) return refuse(ctx, 'lookup', issuesOf(parsed.error));
      ctx.body = {
        data: { ip: parsed.data.ip, result: getService(strapi, 'geoip').lookup(parsed.data.ip) },
      };
    },
  };
};
