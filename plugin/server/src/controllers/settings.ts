import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { geoLookupQuerySchema, settingsOverridesSchema } from '../validation/settings';

const describeIssues = (issues: Array<{ path: PropertyKey[]; message: string }>) =>
  issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(body)', message: issue.message }));

/** Admin: the runtime options (config/plugins values and their overrides) and the GeoIP database's status. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const cxm = () => strapi.plugin('cxm');
  const view = () => ({ data: { options: cxm().service('settings').describe(), geoip: cxm().service('geoip').status() } });

  return {
    find(ctx: Context) {
      ctx.body = view();
    },

    /** Replaces the overrides: an option left out or null follows config/plugins again. */
    async update(ctx: Context) {
      const parsed = settingsOverridesSchema.safeParse(ctx.request.body ?? {});
      if (!parsed.success) {
        const errors = describeIssues(parsed.error.issues);
        return ctx.badRequest(`Invalid settings: ${errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`, { errors });
      }
      await cxm().service('settings').replaceOverrides(parsed.data);
      ctx.body = view();
    },

    /** A test lookup in the loaded GeoIP database. */
    geoLookup(ctx: Context) {
      const parsed = geoLookupQuerySchema.safeParse(ctx.query);
      if (!parsed.success) {
        const errors = describeIssues(parsed.error.issues);
        return ctx.badRequest(`Invalid lookup: ${errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`, { errors });
      }
      ctx.body = { data: { ip: parsed.data.ip, result: cxm().service('geoip').lookup(parsed.data.ip) } };
    },
  };
};
