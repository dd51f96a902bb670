import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { campaignCreateSchema, campaignUpdateSchema } from '../validation/campaigns';
import { issuesOf, refuse } from '../validation/issues';
import { slugify } from '../core/slug';
import { CHANNELS } from '../core/channels';
import { UIDS } from '../uids';

type Row = Record<string, any>;

const shape = (row: Row) => ({
  documentId: row.documentId,
  slug: row.slug,
  name: row.name,
  channel: row.channel ?? null,
  utmSource: row.utmSource ?? null,
  utmMedium: row.utmMedium ?? null,
  utmCampaign: row.utmCampaign ?? null,
  linkToken: row.linkToken ?? null,
  cost: row.cost === null || row.cost === undefined ? null : Number(row.cost),
});

/** Admin: the campaigns that visits are credited to, recognised by their UTM values or link token. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const campaigns = () => strapi.documents(UIDS.campaign as any);
  const query = () => strapi.db.query(UIDS.campaign);

  /** Why the campaign would be unusable or clash with another one; null when it is fine. */
  async function conflict(
    campaign: { slug?: string; utmCampaign?: string | null; linkToken?: string | null },
    documentId?: string
  ): Promise<string | null> {
    if (!campaign.utmCampaign && !campaign.linkToken)
      return 'A campaign needs a utm_campaign value or a link token to be recognised';
    const others = { documentId: { $ne: documentId ?? '' } };
    if (await query().findOne({ where: { slug: campaign.slug, ...others } }))
      return `A campaign '${campaign.slug}' exists already`;
    if (
      campaign.linkToken &&
      (await query().findOne({ where: { linkToken: campaign.linkToken, ...others } }))
    ) {
      return `The link token '${campaign.linkToken}' belongs to another campaign`;
    }
    return null;
  }

  return {
    async find(ctx: Context) {
      const rows = (await query().findMany({ orderBy: { name: 'asc' } })) as Row[];
      ctx.body = { data: rows.map(shape), meta: { channels: CHANNELS } };
    },

    async create(ctx: Context) {
      const parsed = campaignCreateSchema.safeParse(ctx.request.body);
      if (!parsed.success) return refuse(ctx, 'campaign', issuesOf(parsed.error));
      const data = { ...parsed.data, slug: parsed.data.slug ?? slugify(parsed.data.name) };
      if (!data.slug) return ctx.badRequest('The name needs a letter or a digit');
      const problem = await conflict(data);
      if (problem) return ctx.badRequest(problem);
      ctx.status = 201;
      ctx.body = { data: shape((await campaigns().create({ data } as any)) as Row) };
    },

    async update(ctx: Context) {
      const parsed = campaignUpdateSchema.safeParse(ctx.request.body);
      if (!parsed.success) return refuse(ctx, 'campaign', issuesOf(parsed.error));
      const { documentId } = ctx.params;
      const existing = (await query().findOne({ where: { documentId } })) as Row | null;
      if (!existing) return ctx.notFound('No such campaign');
      const problem = await conflict({ ...shape(existing), ...parsed.data }, documentId);
      if (problem) return ctx.badRequest(problem);
      ctx.body = {
        data: shape((await campaigns().update({ documentId, data: parsed.data } as any)) as Row),
      };
    },

    async delete(ctx: Context) {
      const { documentId } = ctx.params;
      if (!(await query().findOne({ where: { documentId } })))
        return ctx.notFound('No such campaign');
      await campaigns().delete({ documentId } as any);
      ctx.status = 204;
    },
  };
};
