import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
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
import { UIDS } from '../uids';
import { getService } from '../get-service';

type Row = Record<string, any>;
const IN_CHUNK = 500;
const promoteSchema = z.object({ variant: z.string().min(1).max(40) }).strict();

/** Admin: results of an experiment (exposures and goals after exposure), and promoting its winner. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const experimentOf = (documentId: string) =>
    strapi.db.query(UIDS.experiment).findOne({ where: { documentId } }) as Promise<Row | null>;

  async function goalsOf(contactIds: string[]): Promise<GoalReached[]> {
    const goals: GoalReached[] = [];
    for (let start = 0; start < contactIds.length; start += IN_CHUNK) {
      const rows: Row[] = await strapi.db.query(UIDS.interaction).findMany({
        where: { type: 'goal', contactId: { $in: contactIds.slice(start, start + IN_CHUNK) } },
        select: ['contactId', 'goal', 'points', 'occurredAt'],
      });
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
    async find(ctx: Context) {
      const rows = (await strapi.db
        .query(UIDS.experiment)
        .findMany({ orderBy: { createdAt: 'desc' } })) as Row[];
      ctx.body = {
        data: rows.map((row) => ({
          documentId: row.documentId,
          slug: row.slug,
          name: row.name,
          state: row.state,
          baseUid: row.baseUid,
          baseDocumentId: row.baseDocumentId,
          winner: row.winner,
        })),
      };
    },

    async results(ctx: Context) {
      const row = await experimentOf(ctx.params.documentId);
      if (!row) return ctx.notFound('No such experiment');
      await getService(strapi, 'tracking').flush();
      const def = row as unknown as ExperimentDef;
      const exposures: Exposure[] = (
        (await strapi.db.query(UIDS.interaction).findMany({
          where: { type: 'exposure', experiment: row.slug },
          select: ['contactId', 'variant', 'occurredAt'],
        })) as Row[]
      ).map((exposure) => ({
        contactId: exposure.contactId,
        variant: exposure.variant,
        at: new Date(exposure.occurredAt).getTime(),
      }));
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
      const weights = def.variants.map((variant) => variant.weight);
      // the holdout is reported beside the variants, but the split and the verdict are the variants'
      ctx.body = {
        data: {
          experiment: {
            documentId: row.documentId,
            slug: row.slug,
            name: row.name,
            state: row.state,
            hypothesis: row.hypothesis,
            primaryGoal: def.successGoals[0],
            minimumSample: row.minimumSample,
            winner: row.winner,
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
            minimumSample: row.minimumSample ?? 1000,
            expectedWeights: weights,
          }),
        },
      };
    },

    /** Completes the experiment with a winner; a winning variant document becomes the base document's default variant. */
    async promote(ctx: Context) {
      const parsed = promoteSchema.safeParse(ctx.request.body);
      if (!parsed.success) return ctx.badRequest('Body must be { "variant": "<variant key>" }');
      const row = await experimentOf(ctx.params.documentId);
      if (!row) return ctx.notFound('No such experiment');
      const variant = (row.variants as ExperimentDef['variants']).find(
        (candidate) => candidate.key === parsed.data.variant
      );
      if (!variant)
        return ctx.badRequest(`Experiment ${row.slug} has no variant '${parsed.data.variant}'`);
      if (variant.documentId && variant.documentId !== row.baseDocumentId) {
        const rules = strapi.documents(UIDS.variantRule as any);
        const existing: Row | null = await rules.findFirst({
          filters: { baseUid: row.baseUid, baseDocumentId: row.baseDocumentId },
        } as any);
        const winnerRule = {
          name: `winner-of-${row.slug}`,
          condition: {},
          variant: variant.documentId,
        };
        if (existing) {
          const kept = (existing.rules as Row[]).filter((rule) => rule.name !== winnerRule.name);
          await rules.update({
            documentId: existing.documentId,
            data: { rules: [...kept, winnerRule], enabled: true },
          } as any);
        } else {
          await rules.create({
            data: {
              name: `Winner of ${row.name}`,
              baseUid: row.baseUid,
              baseDocumentId: row.baseDocumentId,
              enabled: true,
              rules: [winnerRule],
            },
          } as any);
        }
      }
      await strapi.documents(UIDS.experiment as any).update({
        documentId: row.documentId,
        data: { state: 'completed', winner: variant.key, stoppedAt: new Date() },
      } as any);
      ctx.body = { data: { state: 'completed', winner: variant.key } };
    },
  };
};
