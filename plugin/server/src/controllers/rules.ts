import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import {
  ruleDocumentsQuerySchema,
  ruleSetCreateSchema,
  ruleSetUpdateSchema,
  ruleValidationSchema,
} from '../validation/rules';
import { issuesOf } from '../validation/issues';
import { answeringRefusals } from '../refusals';
import { getService } from '../get-service';

/** Admin: variant rule sets edited with the condition builder, and what the builder offers. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const ruleSets = () => getService(strapi, 'rule-sets');
  const catalog = () => getService(strapi, 'rule-catalog');

  return answeringRefusals({
    async find(ctx: Context) {
      ctx.body = { data: await ruleSets().list() };
    },

    async catalog(ctx: Context) {
      ctx.body = { data: await catalog().catalog() };
    },

    async documents(ctx: Context) {
      const parsed = ruleDocumentsQuerySchema.safeParse(ctx.query);
      if (!parsed.success)
        return ctx.badRequest('Invalid query', { errors: issuesOf(parsed.error) });
      ctx.body = { data: await catalog().documents(parsed.data.uid) };
    },

    async validate(ctx: Context) {
      const parsed = ruleValidationSchema.safeParse(ctx.request.body);
      if (!parsed.success)
        return ctx.badRequest('Give a condition or rules', { errors: issuesOf(parsed.error) });
      ctx.body = { data: await ruleSets().check(parsed.data) };
    },

    async create(ctx: Context) {
      const parsed = ruleSetCreateSchema.safeParse(ctx.request.body);
      if (!parsed.success)
        return ctx.badRequest('Invalid rule set', { errors: issuesOf(parsed.error) });
      const created = await ruleSets().create(parsed.data);
      ctx.status = 201;
      ctx.body = { data: created };
    },

    async update(ctx: Context) {
      const parsed = ruleSetUpdateSchema.safeParse(ctx.request.body);
      if (!parsed.success)
        return ctx.badRequest('Invalid rule set', { errors: issuesOf(parsed.error) });
      ctx.body = { data: await ruleSets().update(ctx.params.documentId, parsed.data) };
    },

    async delete(ctx: Context) {
      await ruleSets().delete(ctx.params.documentId);
      ctx.status = 204;
    },
  });
};
