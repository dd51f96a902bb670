import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { simulateSchema } from '../validation/simulator';
import { issuesOf } from '../validation/issues';
import { getService } from '../get-service';

/** Admin: which variant a document would serve to a described visitor, and why. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The documents that have variant rules, and the personas, to simulate with. */
  async targets(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'simulator').targets() };
  },

  async simulate(ctx: Context) {
    const parsed = simulateSchema.safeParse(ctx.request.body);
    if (!parsed.success)
      return ctx.badRequest('Invalid simulation', { errors: issuesOf(parsed.error) });
    ctx.body = { data: await getService(strapi, 'simulator').simulate(parsed.data) };
  },
});
