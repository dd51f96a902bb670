import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { goalSchema } from '../validation/goals';
import { parseInput } from '../validation/issues';
import { answeringRefusals } from '../refusals';
import { getService } from '../get-service';

/** Admin: the engagement value scale, goals sorted by points and edited in place. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const goals = () => getService(strapi, 'goals');
  const parse = (ctx: Context) => parseInput(ctx, goalSchema, ctx.request.body, 'goal');

  return answeringRefusals({
    async find(ctx: Context) {
      ctx.body = { data: await goals().list() };
    },

    async create(ctx: Context) {
      const data = parse(ctx);
      if (!data) return;
      const created = await goals().create(data);
      ctx.status = 201;
      ctx.body = { data: created };
    },

    async delete(ctx: Context) {
      ctx.body = { data: await goals().delete(ctx.params.documentId) };
    },

    async update(ctx: Context) {
      const data = parse(ctx);
      if (!data) return;
      ctx.body = { data: await goals().update(ctx.params.documentId, data) };
    },
  });
};
