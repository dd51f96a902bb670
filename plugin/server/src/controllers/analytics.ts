import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { goalsOf, matrixOf, personaMixOf, seriesOf } from '../core/analytics';
import type { RollupRow } from '../core/rollups';
import { analyticsQuerySchema, type AnalyticsQuery } from '../validation/analytics';
import { UIDS } from '../uids';
import { issuesOf } from '../validation/issues';

/** Admin analytics: read from rollups only, never from raw interactions. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  function parse(ctx: Context): AnalyticsQuery | null {
    const parsed = analyticsQuerySchema.safeParse(ctx.query);
    if (parsed.success) return parsed.data;
    ctx.badRequest('Invalid analytics query', {
      errors: issuesOf(parsed.error),
    });
    return null;
  }

  const rollups = (query: AnalyticsQuery): Promise<RollupRow[]> =>
    strapi.db
      .query(UIDS.rollup)
      .findMany({ where: { day: { $gte: query.from, $lte: query.to } } }) as Promise<RollupRow[]>;

  return {
    async overview(ctx: Context) {
      const query = parse(ctx);
      if (!query) return;
      ctx.body = {
        data: {
          ...query,
          series: seriesOf(await rollups(query), query.from, query.to, query.interval),
        },
      };
    },

    async matrix(ctx: Context) {
      const query = parse(ctx);
      if (!query) return;
      const campaigns = (await strapi.db
        .query(UIDS.campaign)
        .findMany({ select: ['slug', 'cost'] })) as Array<{ slug: string; cost: number | null }>;
      const costs = new Map(
        campaigns
          .filter((c) => c.cost !== null && c.cost !== undefined)
          .map((c) => [c.slug, Number(c.cost)])
      );
      ctx.body = { data: { ...query, ...matrixOf(await rollups(query), costs) } };
    },

    async goals(ctx: Context) {
      const query = parse(ctx);
      if (!query) return;
      ctx.body = { data: { ...query, goals: goalsOf(await rollups(query)) } };
    },

    async personas(ctx: Context) {
      const query = parse(ctx);
      if (!query) return;
      ctx.body = { data: { ...query, personas: personaMixOf(await rollups(query)) } };
    },
  };
};
