/** Admin analytics: read from rollups only, never from raw interactions. */
import type { Core } from '@strapi/strapi';
import { goalsOf, matrixOf, personaMixOf, seriesOf } from '../core/analytics';
import type { RollupRow } from '../core/rollups';
import type { CampaignRecord } from '../records';
import type { AnalyticsQuery } from '../validation/analytics';
import { UIDS } from '../uids';
import { getService } from '../get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rollups = async (query: AnalyticsQuery) =>
    (await strapi.db
      .query(UIDS.rollup)
      .findMany({ where: { day: { $gte: query.from, $lte: query.to } } })) as RollupRow[];

  /** campaign slug → its cost, for the campaigns that name one, and slug → name of every campaign */
  async function campaigns() {
    const rows = (await strapi.db
      .query(UIDS.campaign)
      .findMany({ select: ['slug', 'name', 'cost'] })) as Array<
      Pick<CampaignRecord, 'slug' | 'name' | 'cost'>
    >;
    return {
      costs: new Map(
        rows
          .filter((campaign) => campaign.cost !== null && campaign.cost !== undefined)
          .map((campaign) => [campaign.slug, Number(campaign.cost)])
      ),
      names: new Map(rows.map((campaign) => [campaign.slug, campaign.name])),
    };
  }
  const definitions = () => getService(strapi, 'definitions').get();

  return {
    async overview(query: AnalyticsQuery) {
      return {
        ...query,
        series: seriesOf(await rollups(query), query.from, query.to, query.interval),
      };
    },

    /** The campaign / channel matrix; each campaign with its name (a deleted one keeps its slug). */
    async matrix(query: AnalyticsQuery) {
      const { costs, names } = await campaigns();
      const matrix = matrixOf(await rollups(query), costs);
      return {
        ...query,
        ...matrix,
        campaigns: matrix.campaigns.map((row) => ({
          ...row,
          campaignName: row.campaign ? (names.get(row.campaign) ?? row.campaign) : null,
        })),
      };
    },

    async goals(query: AnalyticsQuery) {
      const defs = await definitions();
      return {
        ...query,
        goals: goalsOf(await rollups(query)).map((row) => ({
          ...row,
          name: defs.goals.get(row.goal)?.name ?? row.goal,
        })),
      };
    },

    async personas(query: AnalyticsQuery) {
      const defs = await definitions();
      return {
        ...query,
        personas: personaMixOf(await rollups(query)).map((row) => ({
          ...row,
          name: row.persona ? (defs.personaNames.get(row.persona) ?? row.persona) : null,
        })),
      };
    },
  };
};
