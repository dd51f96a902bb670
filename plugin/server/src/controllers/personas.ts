import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { parseInput } from '../validation/issues';
import {
  personaCreateSchema,
  personasQuerySchema,
  personaUpdateSchema,
} from '../validation/profiles';
import { answeringRefusals } from '../refusals';
import { getService } from '../get-service';

/** Admin: personas (pattern cards), each with one value per key of its profile. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const personas = () => getService(strapi, 'personas');

  return answeringRefusals({
    async find(ctx: Context) {
      const query = parseInput(ctx, personasQuerySchema, ctx.query, 'query');
      if (!query) return;
      ctx.body = { data: await personas().list(query.profile) };
    },

    async create(ctx: Context) {
      const data = parseInput(ctx, personaCreateSchema, ctx.request.body, 'persona');
      if (!data) return;
      const created = await personas().create(data);
      ctx.status = 201;
      ctx.body = { data: created };
    },

    async update(ctx: Context) {
      const data = parseInput(ctx, personaUpdateSchema, ctx.request.body, 'persona');
      if (!data) return;
      ctx.body = { data: await personas().update(ctx.params.documentId, data) };
    },

    async delete(ctx: Context) {
      ctx.body = { data: await personas().delete(ctx.params.documentId) };
    },
  });
};
