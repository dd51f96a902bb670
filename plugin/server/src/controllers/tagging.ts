import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { taggingBodySchema, taggingQuerySchema } from '../validation/tagging';
import { issuesOf } from '../validation/issues';
import { answeringRefusals } from '../refusals';
import { getService } from '../get-service';

/** Admin: what the Content Manager's Personalization panel shows and saves for one entry. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tagging = () => getService(strapi, 'tagging');

  return answeringRefusals({
    async find(ctx: Context) {
      const parsed = taggingQuerySchema.safeParse(ctx.query);
      if (!parsed.success)
        return ctx.badRequest('Invalid query', { errors: issuesOf(parsed.error) });
      ctx.body = { data: await tagging().panel(parsed.data) };
    },

    async update(ctx: Context) {
      const parsed = taggingBodySchema.safeParse(ctx.request.body);
      if (!parsed.success) return ctx.badRequest('Invalid tag', { errors: issuesOf(parsed.error) });
      ctx.body = { data: await tagging().save(parsed.data) };
    },
  });
};
