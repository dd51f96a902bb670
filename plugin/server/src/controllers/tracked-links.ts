import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { campaignLinkSchema } from '../validation/automations';
import { parseInput } from '../validation/issues';
import { MS_PER_DAY } from '../core/automation/flow';
import { getService } from '../get-service';

/** Admin: campaign links (a tracked link without a contact, e.g. for a poster or a post), revocable. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const links = () => getService(strapi, 'tracked-links');
  const shape = (link: Awaited<ReturnType<ReturnType<typeof links>['create']>>) => ({
    ...link,
    link: links().urlOf(link.token),
  });

  return {
    async find(ctx: Context) {
      ctx.body = { data: (await links().listCampaignLinks()).map(shape) };
    },

    async create(ctx: Context) {
      const input = parseInput(ctx, campaignLinkSchema, ctx.request.body, 'tracked link');
      if (!input) return;
      const defs = await getService(strapi, 'definitions').get();
      if (input.campaign && !defs.campaigns.some((campaign) => campaign.slug === input.campaign))
        return ctx.badRequest(
          `Invalid tracked link: campaign: unknown campaign '${input.campaign}'`
        );
      const now = Date.now();
      const link = await links().create(
        {
          url: input.url,
          campaign: input.campaign ?? null,
          label: input.label ?? null,
          ...(input.expiresInDays === undefined
            ? {}
            : {
                expiresAt:
                  input.expiresInDays === null ? null : now + input.expiresInDays * MS_PER_DAY,
              }),
        },
        now
      );
      ctx.status = 201;
      ctx.body = { data: shape(link) };
    },

    async revoke(ctx: Context) {
      const link = await links().revoke(ctx.params.documentId, Date.now());
      if (!link) return ctx.notFound('No such tracked link');
      ctx.body = { data: shape(link) };
    },
  };
};
