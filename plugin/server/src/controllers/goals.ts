import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { slugify } from '../core/slug';
import { goalSchema } from '../validation/goals';
import { parseInput } from '../validation/issues';
import { UIDS } from '../uids';

type Row = Record<string, any>;

const shape = (row: Row) => ({
  documentId: row.documentId,
  slug: row.slug,
  name: row.name,
  points: row.points,
  isConversion: !!row.isConversion,
  repeatable: !!row.repeatable,
  description: row.description ?? null,
});

/** Admin: the engagement value scale, goals sorted by points and edited in place. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const goals = () => strapi.documents(UIDS.goal as any);
  const parse = (ctx: Context) => parseInput(ctx, goalSchema, ctx.request.body, 'goal');

  return {
    async find(ctx: Context) {
      const rows = (await strapi.db
        .query(UIDS.goal)
        .findMany({ orderBy: [{ points: 'desc' }, { name: 'asc' }] })) as Row[];
      ctx.body = { data: rows.map(shape) };
    },

    async create(ctx: Context) {
      const data = parse(ctx);
      if (!data) return;
      const slug = slugify(data.name);
      if (!slug) return ctx.badRequest('The name needs a letter or a digit');
      if (await strapi.db.query(UIDS.goal).findOne({ where: { slug } }))
        return ctx.badRequest(`A goal '${slug}' exists already`);
      ctx.status = 201;
      ctx.body = { data: shape((await goals().create({ data: { ...data, slug } } as any)) as Row) };
    },

    async update(ctx: Context) {
      const data = parse(ctx);
      if (!data) return;
      const existing = await strapi.db
        .query(UIDS.goal)
        .findOne({ where: { documentId: ctx.params.documentId } });
      if (!existing) return ctx.notFound('No such goal');
      ctx.body = {
        data: shape(
          (await goals().update({ documentId: ctx.params.documentId, data } as any)) as Row
        ),
      };
    },
  };
};
