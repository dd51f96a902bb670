/** The campaigns that visits are credited to, recognised by their UTM values or link token. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { slugify } from '../core/slug';
import { CHANNELS } from '../core/channels';
import { documentData, type CampaignRecord } from '../records';
import { badRequest } from '../refusals';
import type { CampaignInput, NewCampaignInput } from '../validation/campaigns';
import { UIDS } from '../uids';

const shape = (row: CampaignRecord) => ({
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

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const campaigns = () => strapi.documents(UIDS.campaign);
  const query = () => strapi.db.query(UIDS.campaign);
  const campaignOf = async (documentId: string) =>
    (await query().findOne({ where: { documentId } })) as CampaignRecord | null;

  /** Refuses a campaign that would be unusable or clash with another one. */
  async function checkUsable(
    campaign: { slug?: string; utmCampaign?: string | null; linkToken?: string | null },
    documentId?: string
  ): Promise<void> {
    if (!campaign.utmCampaign && !campaign.linkToken)
      throw badRequest('A campaign needs a utm_campaign value or a link token to be recognised');
    const others = { documentId: { $ne: documentId ?? '' } };
    if (await query().findOne({ where: { slug: campaign.slug, ...others } }))
      throw badRequest(`A campaign '${campaign.slug}' exists already`);
    if (
      campaign.linkToken &&
      (await query().findOne({ where: { linkToken: campaign.linkToken, ...others } }))
    ) {
      throw badRequest(`The link token '${campaign.linkToken}' belongs to another campaign`);
    }
  }

  return {
    async list() {
      const rows = (await query().findMany({ orderBy: { name: 'asc' } })) as CampaignRecord[];
      return { campaigns: rows.map(shape), channels: CHANNELS };
    },

    /** The slug defaults to one made from the name. */
    async create(input: NewCampaignInput) {
      const data = { ...input, slug: input.slug ?? slugify(input.name) };
      if (!data.slug) throw badRequest('The name needs a letter or a digit');
      await checkUsable(data);
      return shape((await campaigns().create({ data: documentData(data) })) as CampaignRecord);
    },

    /** Only the fields given change. */
    async update(documentId: string, data: CampaignInput) {
      const existing = await campaignOf(documentId);
      if (!existing) throw new errors.NotFoundError('No such campaign');
      await checkUsable({ ...shape(existing), ...data }, documentId);
      return shape(
        (await campaigns().update({ documentId, data: documentData(data) })) as CampaignRecord
      );
    },

    async delete(documentId: string): Promise<void> {
      if (!(await campaignOf(documentId))) throw new errors.NotFoundError('No such campaign');
      await campaigns().delete({ documentId });
    },
  };
};
