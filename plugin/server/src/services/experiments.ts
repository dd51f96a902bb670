/**
 * Experiments as the admin edits them (a draft is created, edited, started and stopped), and
 * their results: exposures and goals reached after exposure, with their statistics.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  experimentFigures,
  HOLDOUT_KEY,
  validateExperiment,
  type ExperimentDef,
  type Exposure,
  type GoalReached,
} from '../core/experiments';
import { notAContentType, type Issue } from '../core/issues';
import { slugify } from '../core/slug';
import {
  chanceToBeatControl,
  sampleRatioMismatch,
  twoProportionZTest,
  verdict,
  wilsonInterval95,
} from '../core/stats';
import { documentData, type ExperimentRecord } from '../records';
import { badRequest, conflict, invalid } from '../refusals';
import { describeIssues } from '../validation/definitions';
import type { ExperimentCreateInput, ExperimentUpdateInput } from '../validation/experiments';
import type { ExperimentDetail, ExperimentSummary } from '../contracts/experiments';
import { UIDS } from '../uids';
import { getService } from '../get-service';
import { contentTypeUid } from './documents';

/** What shapes the buckets and the figures: fixed once the experiment has started, or its results would mix two set-ups. */
const DESIGN_FIELDS = [
  'baseUid',
  'baseDocumentId',
  'variants',
  'coverage',
  'holdout',
  'successGoals',
] as const;

const isoOf = (value: string | Date | null) => (value ? new Date(value).toISOString() : null);

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

  const query = () => strapi.db.query(UIDS.experiment);
  const documents = () => getService(strapi, 'documents');

  async function experimentOf(documentId: string): Promise<ExperimentRecord> {
    const row = (await query().findOne({ where: { documentId } })) as ExperimentRecord | null;
    if (!row) throw new errors.NotFoundError('No such experiment');
    return row;
  }

  /** The base entries' titles, per content type, of the given experiments. */
  async function baseTitles(rows: ExperimentRecord[]): Promise<Map<string, string>> {
    const titles = new Map<string, string>();
    for (const uid of new Set(rows.map((row) => row.baseUid))) {
      if (!strapi.contentType(contentTypeUid(uid))) continue;
      const ids = rows.filter((row) => row.baseUid === uid).map((row) => row.baseDocumentId);
      for (const [id, summary] of await documents().summariesOf(uid, ids))
        titles.set(`${uid}:${id}`, summary.title);
    }
    return titles;
  }

  const summaryOf = (row: ExperimentRecord, titles: Map<string, string>): ExperimentSummary => ({
    documentId: row.documentId,
    slug: row.slug,
    name: row.name,
    state: row.state,
    baseUid: row.baseUid,
    baseDocumentId: row.baseDocumentId,
    baseTitle: titles.get(`${row.baseUid}:${row.baseDocumentId}`) ?? row.baseDocumentId,
    winner: row.winner,
  });

  async function detailOf(row: ExperimentRecord): Promise<ExperimentDetail> {
    return {
      ...summaryOf(row, await baseTitles([row])),
      hypothesis: row.hypothesis ?? null,
      variants: Array.isArray(row.variants) ? row.variants : [],
      coverage: row.coverage === null || row.coverage === undefined ? 1 : Number(row.coverage),
      holdout: Number(row.holdout) || 0,
      successGoals: Array.isArray(row.successGoals) ? row.successGoals : [],
      minimumSample: row.minimumSample ?? 1000,
      startedAt: isoOf(row.startedAt),
      stoppedAt: isoOf(row.stoppedAt),
    };
  }

  /** The base and the variants' entries that are not documents of the base's type (or are the base itself). */
  async function entryIssues(design: {
    baseUid: string;
    baseDocumentId: string;
    variants: Array<{ documentId: string | null }>;
  }): Promise<Issue[]> {
    if (!strapi.contentType(contentTypeUid(design.baseUid)))
      return [{ path: 'baseUid', message: notAContentType(design.baseUid) }];
    const ids = [
      design.baseDocumentId,
      ...design.variants.map((variant) => variant.documentId).filter((id): id is string => !!id),
    ];
    const existing = await documents().summariesOf(design.baseUid, [...new Set(ids)]);
    const issues: Issue[] = [];
    if (!existing.has(design.baseDocumentId))
      issues.push({
        path: 'baseDocumentId',
        message: `'${design.baseDocumentId}' is not an entry of ${design.baseUid}`,
      });
    design.variants.forEach((variant, index) => {
      if (!variant.documentId) return;
      if (variant.documentId === design.baseDocumentId)
        issues.push({
          path: `variants[${index}].documentId`,
          message: 'is the base entry itself; leave it empty to serve the base entry',
        });
      else if (!existing.has(variant.documentId))
        issues.push({
          path: `variants[${index}].documentId`,
          message: `'${variant.documentId}' is not an entry of ${design.baseUid}`,
        });
    });
    return issues;
  }

  /** Every problem of a design (the arms together, the goals, the entries); `running` requires arms and goals. */
  async function designIssues(
    design: Pick<ExperimentRecord, (typeof DESIGN_FIELDS)[number]>,
    state: ExperimentRecord['state']
  ): Promise<Issue[]> {
    const defs = await getService(strapi, 'definitions').get();
    const issues = validateExperiment({ ...design, state }, new Set(defs.goals.keys()));
    return issues.length > 0 ? issues : entryIssues(design);
  }

  /** A slug not taken yet: the name's, with -2, -3 … when another experiment has it (the slug seeds the buckets, so it never changes). */
  async function freeSlug(name: string): Promise<string> {
    const base = slugify(name).slice(0, 90);
    if (!base) throw badRequest('Invalid experiment: name: needs a letter or a digit');
    let slug = base;
    for (let number = 2; await query().findOne({ where: { slug } }); number++)
      slug = `${base}-${number}`;
    return slug;
  }

  async function write(documentId: string, data: Record<string, unknown>) {
    await strapi.documents(UIDS.experiment).update({ documentId, data: documentData(data) });
    return detailOf(await experimentOf(documentId));
  }

  return {
    /** Every experiment, newest first. */
    async list(): Promise<ExperimentSummary[]> {
      const rows = (await query().findMany({
        orderBy: { createdAt: 'desc' },
      })) as ExperimentRecord[];
      const titles = await baseTitles(rows);
      return rows.map((row) => summaryOf(row, titles));
    },

    async findOne(documentId: string): Promise<ExperimentDetail> {
      return detailOf(await experimentOf(documentId));
    },

    /** A draft: it serves nothing until it is started. */
    async create(input: ExperimentCreateInput): Promise<ExperimentDetail> {
      const issues = await designIssues(input, 'draft');
      if (issues.length > 0) throw invalid('experiment', issues);
      const created = (await strapi.documents(UIDS.experiment).create({
        data: documentData({ ...input, slug: await freeSlug(input.name), state: 'draft' }),
      })) as ExperimentRecord;
      return detailOf(created);
    },

    /** Only the fields given change; the design only while the experiment is a draft. */
    async update(documentId: string, input: ExperimentUpdateInput): Promise<ExperimentDetail> {
      const existing = await experimentOf(documentId);
      const design = DESIGN_FIELDS.filter((field) => input[field] !== undefined);
      if (design.length > 0 && existing.state !== 'draft')
        throw conflict(
          `Experiment '${existing.name}' is ${existing.state}: its entry, arms, weights, coverage, holdout and goals stay as they were when it started (${design.join(', ')} cannot change); create a new experiment to test another set-up`
        );
      const issues =
        design.length > 0 ? await designIssues({ ...existing, ...input }, 'draft') : [];
      if (issues.length > 0) throw invalid('experiment', issues);
      return write(documentId, input);
    },

    /** Serves the experiment: a draft with its arms and goals set, or a stopped one again. */
    async start(documentId: string): Promise<ExperimentDetail> {
      const existing = await experimentOf(documentId);
      if (existing.state === 'running' || existing.state === 'completed')
        throw conflict(`Experiment '${existing.name}' is ${existing.state} already`);
      const issues = await designIssues(existing, 'running');
      if (issues.length > 0)
        throw badRequest(`Experiment '${existing.name}' cannot start: ${describeIssues(issues)}`, {
          errors: issues,
        });
      const other = (await query().findOne({
        where: {
          state: 'running',
          baseUid: existing.baseUid,
          baseDocumentId: existing.baseDocumentId,
          documentId: { $ne: documentId },
        },
      })) as ExperimentRecord | null;
      if (other)
        throw conflict(
          `Experiment '${other.name}' is running on this entry already; stop it first (an entry serves one experiment at a time)`
        );
      return write(documentId, {
        state: 'running',
        startedAt: existing.startedAt ?? new Date(),
        stoppedAt: null,
      });
    },

    /** Stops serving the experiment; its figures stay, and it can be started again or its winner promoted. */
    async stop(documentId: string): Promise<ExperimentDetail> {
      const existing = await experimentOf(documentId);
      if (existing.state !== 'running')
        throw conflict(`Experiment '${existing.name}' is not running (it is ${existing.state})`);
      return write(documentId, { state: 'stopped', stoppedAt: new Date() });
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
        conversionInterval95: wilsonInterval95(variant.conversions, variant.visitors),
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
          primaryGoal: experiment.successGoals[0] ?? null,
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
