import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { analyticsQuerySchema } from '../validation/analytics';
import { issuesOf } from '../validation/issues';
import { getService } from '../get-service';

type Report = 'overview' | 'matrix' | 'goals' | 'personas';

/** Admin analytics: overview series, campaign and channel matrix, goals and personas of a period. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Each report answers the same period query. */
  const report = (name: Report) => async (ctx: Context) => {
    const parsed = analyticsQuerySchema.safeParse(ctx.query);
    if (!parsed.success)
      return ctx.badRequest('Invalid analytics query', { errors: issuesOf(parsed.error) });
    ctx.body = { data: await getService(strapi, 'analytics')[name](parsed.data) };
  };

  return {
    overview: report('overview'),
    matrix: report('matrix'),
    goals: report('goals'),
    personas: report('personas'),
  };
};
