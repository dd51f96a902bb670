/** Results of experiments: exposures and goals reached after exposure, with their statistics. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  experimentFigures,
  HOLDOUT_KEY,
  type ExperimentDef,
  type Exposure,
  type GoalReached,
} from '../core/experiments';
import {
  chanceToBeatControl,
  sampleRatioMismatch,
  twoProportionZTest,
  verdict,
} from '../core/stats';
import type { ExperimentRecord } from '../records';
import { UIDS } from '../uids';
import { getService } from '../get-service';

/** Contact ids per `$in` query: well below every database's limit of bound parameters. */
const IN_CHUNK = 500;

interface ExposureRow {
  contactId: string;
  variant: string;
  occurredAt: string | Date;
}
interface GoalRow {
  contactId: string;
  goal: string;
  points: number | null;
  occurredAt: string | Date;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const interactions = () => strapi.db.query(UIDS.interaction);

  async function exposuresOf(experiment: ExperimentRecord): Promise<Exposure[]> {
    const rows = (await interactions().findMany({
      where: { type: 'exposure', experiment: experiment.slug },
      select: ['contactId', 'variant', 'occurredAt'],
    })) as ExposureRow[];
    return rows.map((row) => ({
      contactId: row.contactId,
      variant: row.variant,
      at: new Date(row.occurredAt).getTime(),
    }));
  }

  async function goalsOf(contactIds: string[]): Promise<GoalReached[]> {
    const goals: GoalReached[] = [];
    for (let start = 0; start < contactIds.length; start += IN_CHUNK) {
      const rows = (await interactions().findMany({
        where: { type: 'goal', contactId: { $in: contactIds.slice(start, start + IN_CHUNK) } },
        select: ['contactId', 'goal', 'points', 'occurredAt'],
      })) as GoalRow[];
      for (const row of rows)
        goals.push({
          contactId: row.contactId,
          goal: row.goal,
          points: row.points ?? 0,
          at: new Date(row.occurredAt).getTime(),
        });
    }
    return goals;
  }

  return {
    /** Every experiment, newest first. */
    async list() {
      const rows = (await strapi.db
        .query(UIDS.experiment)
        .findMany({ orderBy: { createdAt: 'desc' } })) as ExperimentRecord[];
      return rows.map((row) => ({
        documentId: row.documentId,
        slug: row.slug,
        name: row.name,
        state: row.state,
        baseUid: row.baseUid,
        baseDocumentId: row.baseDocumentId,
        winner: row.winner,
      }));
    },

    /** Figures per variant and the verdict; the holdout is reported beside the variants, but the split and the verdict are the variants'. */
    async results(documentId: string) {
      const experiment = (await strapi.db
        .query(UIDS.experiment)
        .findOne({ where: { documentId } })) as ExperimentRecord | null;
      if (!experiment) throw new errors.NotFoundError('No such experiment');
      await getService(strapi, 'tracking').flush();
      const def: ExperimentDef = {
        ...experiment,
        holdout: experiment.holdout ?? 0,
        minimumSample: experiment.minimumSample ?? 1000,
      };
      const exposures = await exposuresOf(experiment);
      const figures = experimentFigures(
        def,
        exposures,
        await goalsOf([...new Set(exposures.map((exposure) => exposure.contactId))])
      );
      const [control] = figures;
      const compared = figures.filter((variant) => variant.key !== HOLDOUT_KEY);
      const variants = figures.map((variant, index) => ({
        ...variant,
        conversionRate: variant.visitors > 0 ? variant.conversions / variant.visitors : 0,
        valuePerVisitor:
          variant.visitors > 0 ? Math.round((variant.value / variant.visitors) * 100) / 100 : 0,
        ...(index === 0 || variant.visitors === 0 || control.visitors === 0
          ? {}
          : {
              test: twoProportionZTest(
                control.conversions,
                control.visitors,
                variant.conversions,
                variant.visitors
              ),
              chanceToBeatControl: chanceToBeatControl(
                control.conversions,
                control.visitors,
                variant.conversions,
                variant.visitors
              ),
            }),
      }));
      const weights = experiment.variants.map((variant) => variant.weight);
      return {
        experiment: {
          documentId: experiment.documentId,
          slug: experiment.slug,
          name: experiment.name,
          state: experiment.state,
          hypothesis: experiment.hypothesis,
          primaryGoal: experiment.successGoals[0],
          minimumSample: experiment.minimumSample,
          winner: experiment.winner,
        },
        variants,
        sampleRatio: sampleRatioMismatch(
          compared.map((variant) => variant.visitors),
          weights
        ),
        verdict: verdict({
          variants: compared.map((variant) => ({
            name: variant.key,
            visitors: variant.visitors,
            conversions: variant.conversions,
          })),
          minimumSample: def.minimumSample,
          expectedWeights: weights,
        }),
      };
    },
  };
};
