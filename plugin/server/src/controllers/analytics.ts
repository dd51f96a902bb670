import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { analyticsQuerySchema, type AnalyticsQuery } from '../validation/analytics';
import { issuesOf } from '../validation/issues';
import { getService } from '../get-service';

/** Admin analytics: overview series, campaign and channel matrix, goals and personas of a period. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const analytics = () => getService(strapi, 'analytics');

  function parse(ctx: Context): AnalyticsQuery | null {
    const parsed = analyticsQuerySchema.safeParse(ctx.query);
    if (parsed.success) return parsed.data;
    ctx.badRequest('Invalid analytics query', {
      errors: issuesOf(parsed.error),
    });
    return null;
  }

  return {
    async overview(ctx: Context) {
      const query = parse(ctx);
      if (query) ctx.body = { data: await analytics().overview(query) };
    },

    async matrix(ctx: Context) {
      const query = parse(ctx);
      if (query) ctx.body = { data: await analytics().matrix(query) };
    },

    async goals(ctx: Context) {
      const query = parse(ctx);
      if (query) ctx.body = { data: await analytics().goals(query) };
    },

    async personas(ctx: Context) {
      const query = parse(ctx);
      if (query) ctx.body = { data: await analytics().personas(query) };
    },
  };
};
