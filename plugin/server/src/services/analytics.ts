/** Admin analytics: read from rollups only, never from raw interactions. */
import type { Core } from '@strapi/strapi';
import { goalsOf, matrixOf, personaMixOf, seriesOf } from '../core/analytics';
import type { RollupRow } from '../core/rollups';
import type { CampaignRecord } from '../records';
import type { AnalyticsQuery } from '../validation/analytics';
import { UIDS } from '../uids';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rollups = async (query: AnalyticsQuery) =>
    (await strapi.db
      .query(UIDS.rollup)
      .findMany({ where: { day: { $gte: query.from, $lte: query.to } } })) as RollupRow[];

  /** campaign slug → its cost, for the campaigns that name one */
  async function costs(): Promise<Map<string, number>> {
    const campaigns = (await strapi.db
      .query(UIDS.campaign)
      .findMany({ select: ['slug', 'cost'] })) as Array<Pick<CampaignRecord, 'slug' | 'cost'>>;
    return new Map(
      campaigns
        .filter((campaign) => campaign.cost !== null && campaign.cost !== undefined)
        .map((campaign) => [campaign.slug, Number(campaign.cost)])
    );
  }

  return {
    async overview(query: AnalyticsQuery) {
      return {
        ...query,
        series: seriesOf(await rollups(query), query.from, query.to, query.interval),
      };
    },

    async matrix(query: AnalyticsQuery) {
      return { ...query, ...matrixOf(await rollups(query), await costs()) };
    },

    async goals(query: AnalyticsQuery) {
      return { ...query, goals: goalsOf(await rollups(query)) };
    },

    async personas(query: AnalyticsQuery) {
      return { ...query, personas: personaMixOf(await rollups(query)) };
    },
  };
};
