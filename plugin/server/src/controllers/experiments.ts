import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import {
  experimentCreateSchema,
  experimentUpdateSchema,
  promoteSchema,
} from '../validation/experiments';
import { parseInput } from '../validation/issues';
import { answeringRefusals } from '../refusals';
import { getService } from '../get-service';

/** Admin: experiments created, edited, started and stopped; their results, and promoting a winner. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const experiments = () => getService(strapi, 'experiments');

  return answeringRefusals({
    async find(ctx: Context) {
      ctx.body = { data: await experiments().list() };
    },

    async findOne(ctx: Context) {
      ctx.body = { data: await experiments().findOne(ctx.params.documentId) };
    },

    async create(ctx: Context) {
      const data = parseInput(ctx, experimentCreateSchema, ctx.request.body, 'experiment');
      if (!data) return;
      const created = await experiments().create(data);
      ctx.status = 201;
      ctx.body = { data: created };
    },

    async update(ctx: Context) {
      const data = parseInput(ctx, experimentUpdateSchema, ctx.request.body, 'experiment');
      if (!data) return;
      ctx.body = { data: await experiments().update(ctx.params.documentId, data) };
    },

    async start(ctx: Context) {
      ctx.body = { data: await experiments().start(ctx.params.documentId) };
    },

    async stop(ctx: Context) {
      ctx.body = { data: await experiments().stop(ctx.params.documentId) };
    },

    async results(ctx: Context) {
      ctx.body = { data: await experiments().results(ctx.params.documentId) };
    },

    /** Completes the experiment with a winner; a winning variant document becomes the base document's default variant. */
    async promote(ctx: Context) {
      const parsed = promoteSchema.safeParse(ctx.request.body);
      if (!parsed.success) return ctx.badRequest('Body must be { "variant": "<variant key>" }');
      const { documentId } = ctx.params;
      ctx.body = {
        data: await getService(strapi, 'rule-sets').promoteWinner(documentId, parsed.data.variant),
      };
    },
  });
};
