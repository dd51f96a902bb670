import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { campaignCreateSchema, campaignUpdateSchema } from '../validation/campaigns';
import { issuesOf, refuse } from '../validation/issues';
import { answeringRefusals } from '../refusals';
import { getService } from '../get-service';

/** Admin: the campaigns that visits are credited to, recognised by their UTM values or link token. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const campaigns = () => getService(strapi, 'campaigns');

  return answeringRefusals({
    async find(ctx: Context) {
      const { campaigns: data, channels } = await campaigns().list();
      ctx.body = { data, meta: { channels } };
    },

    async create(ctx: Context) {
      const parsed = campaignCreateSchema.safeParse(ctx.request.body);
      if (!parsed.success) return refuse(ctx, 'campaign', issuesOf(parsed.error));
      const created = await campaigns().create(parsed.data);
      ctx.status = 201;
      ctx.body = { data: created };
    },

    async update(ctx: Context) {
      const parsed = campaignUpdateSchema.safeParse(ctx.request.body);
      if (!parsed.success) return refuse(ctx, 'campaign', issuesOf(parsed.error));
      ctx.body = { data: await campaigns().update(ctx.params.documentId, parsed.data) };
    },

    async delete(ctx: Context) {
      await campaigns().delete(ctx.params.documentId);
      ctx.status = 204;
    },
  });
};
