/** A/B/n experiments on content: their definition checks, visitor assignment and per-variant figures. */
import { assignVariation, hash } from './bucketing';
import type { Issue } from './issues';

export interface ExperimentVariant {
  /** short id used in headers, exposures and results, e.g. "control", "b" */
  key: string;
  name?: string;
  /** the document served for this variant; null = the base document itself */
  documentId: string | null;
  /** serve the base document with its variant rules applied (a personalized-vs-default test) */
  personalized?: boolean;
  weight: number;
}

export interface ExperimentDef {
  slug: string;
  baseUid: string;
  baseDocumentId: string;
  variants: ExperimentVariant[];
  coverage: number;
  /** share of visitors held out: they see the base document without any personalization and form the 'holdout' group */
  holdout?: number;
  /** success goals, the first is the primary one */
  successGoals: string[];
  minimumSample: number;
}

const KEY = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The group of held-out visitors in exposures and results. */
export const HOLDOUT_KEY = 'holdout';

/** An empty list is a draft's "not chosen yet"; a running experiment needs its arms and goals. */
const unsetInDraft = (value: unknown, state: unknown) =>
  Array.isArray(value) && value.length === 0 && state !== 'running';

/**
 * Problems of the `variants`, `successGoals`, `coverage` and `holdout` of an experiment as
 * saved; [] when valid. A draft may leave its variants and goals empty; `state: 'running'` may not.
 */
export function validateExperiment(
  data: {
    variants?: unknown;
    successGoals?: unknown;
    coverage?: unknown;
    holdout?: unknown;
    state?: unknown;
  },
  knownGoals: Set<string>
): Issue[] {
  const issues: Issue[] = [];
  if (data.variants !== undefined && !unsetInDraft(data.variants, data.state)) {
    const variants = data.variants;
    if (!Array.isArray(variants) || variants.length < 2 || variants.length > 10) {
      issues.push({
        path: 'variants',
        message: 'must be a list of 2 to 10 variants {key, documentId, weight}',
      });
    } else {
      const keys = new Set<string>();
      variants.forEach((item: unknown, index) => {
        const at = `variants[${index}]`;
        if (!item || typeof item !== 'object')
          return issues.push({ path: at, message: 'must be an object {key, documentId, weight}' });
        const variant = item as Partial<Record<keyof ExperimentVariant, unknown>>;
        if (typeof variant.key !== 'string' || !KEY.test(variant.key))
          issues.push({
            path: `${at}.key`,
            message: 'must be a short lower-case key like "control" or "b"',
          });
        else if (variant.key === HOLDOUT_KEY)
          issues.push({
            path: `${at}.key`,
            message: `'${HOLDOUT_KEY}' names the held-out visitors; choose another key`,
          });
        else if (keys.has(variant.key))
          issues.push({ path: `${at}.key`, message: `duplicate key '${variant.key}'` });
        else keys.add(variant.key);
        if (
          variant.documentId !== null &&
          (typeof variant.documentId !== 'string' || variant.documentId.length === 0)
        ) {
          issues.push({
            path: `${at}.documentId`,
            message: 'must be a document id, or null for the base document',
          });
        }
        if (typeof variant.weight !== 'number' || !(variant.weight >= 0 && variant.weight <= 1))
          issues.push({ path: `${at}.weight`, message: 'must be a number from 0 to 1' });
        if (variant.personalized !== undefined && typeof variant.personalized !== 'boolean')
          issues.push({ path: `${at}.personalized`, message: 'must be true or false' });
      });
      const total = variants.reduce(
        (sum: number, variant: { weight?: unknown } | null) =>
          sum + (typeof variant?.weight === 'number' ? variant.weight : 0),
        0
      );
      if (issues.length === 0 && Math.abs(total - 1) > 0.01)
        issues.push({
          path: 'variants',
          message: `weights must add up to 1 (they add up to ${total})`,
        });
    }
  }
  if (data.successGoals !== undefined && !unsetInDraft(data.successGoals, data.state)) {
    const goals = data.successGoals;
    if (!Array.isArray(goals) || goals.length === 0)
      issues.push({
        path: 'successGoals',
        message: 'must list at least one goal slug (the first is the primary goal)',
      });
    else
      goals.forEach((goal, index) => {
        if (typeof goal !== 'string' || !knownGoals.has(goal))
          issues.push({
            path: `successGoals[${index}]`,
            message: `unknown goal '${String(goal)}'`,
          });
      });
  }
  if (
    data.coverage !== undefined &&
    data.coverage !== null &&
    !(Number(data.coverage) >= 0 && Number(data.coverage) <= 1)
  ) {
    issues.push({ path: 'coverage', message: 'must be between 0 and 1' });
  }
  if (
    data.holdout !== undefined &&
    data.holdout !== null &&
    !(Number(data.holdout) >= 0 && Number(data.holdout) <= 0.5)
  ) {
    issues.push({ path: 'holdout', message: 'must be between 0 and 0.5' });
  }
  return issues;
}

export interface Exposure {
  contactId: string;
  variant: string;
  at: number;
}

export interface GoalReached {
  contactId: string;
  goal: string;
  points: number;
  at: number;
}

export interface VariantFigures {
  key: string;
  visitors: number;
  /** visitors who reached the primary goal after their first exposure */
  conversions: number;
  /** engagement points reached after exposure, all goals */
  value: number;
}

/**
 * Per variant: exposed visitors, conversions on the primary goal after the first exposure, and
 * the engagement value reached after exposure. A visitor counts once, in the variant first seen.
 */
export function experimentFigures(
  def: ExperimentDef,
  exposures: Exposure[],
  goals: GoalReached[]
): VariantFigures[] {
  const firstExposure = new Map<string, Exposure>();
  for (const exposure of exposures) {
    const known = firstExposure.get(exposure.contactId);
    if (!known || exposure.at < known.at) firstExposure.set(exposure.contactId, exposure);
  }
  const keys = [
    ...def.variants.map((variant) => variant.key),
    ...(def.holdout ? [HOLDOUT_KEY] : []),
  ];
  const figures = new Map(keys.map((key) => [key, { key, visitors: 0, conversions: 0, value: 0 }]));
  for (const exposure of firstExposure.values()) {
    const row = figures.get(exposure.variant);
    if (row) row.visitors += 1;
  }
  const converted = new Set<string>();
  for (const goal of goals) {
    const exposure = firstExposure.get(goal.contactId);
    if (!exposure || goal.at < exposure.at) continue;
    const row = figures.get(exposure.variant);
    if (!row) continue;
    row.value += goal.points;
    if (goal.goal === def.successGoals[0] && !converted.has(goal.contactId)) {
      converted.add(goal.contactId);
      row.conversions += 1;
    }
  }
  return [...figures.values()];
}

/** The variant a contact was first exposed to: its assignment from then on (sticky, survives merges). */
export interface StoredAssignment {
  variant: string;
  /** epoch ms of the first exposure */
  at: number;
}

/** Held-out visitors see the base document with no personalization at all. */
export const HOLDOUT: ExperimentVariant = Object.freeze({
  key: HOLDOUT_KEY,
  documentId: null,
  weight: 0,
});

/** The stored assignment's variant while the experiment still has it, else undefined. */
export function stickyVariant(
  experiment: ExperimentDef,
  stored: StoredAssignment | undefined
): ExperimentVariant | undefined {
  if (!stored) return undefined;
  if (stored.variant === HOLDOUT_KEY) return experiment.holdout ? HOLDOUT : undefined;
  return experiment.variants.find((variant) => variant.key === stored.variant);
}

/**
 * The variant a visitor without an assignment gets: held out (drawn with its own seed, so it
 * never correlates with the variant buckets), else the GrowthBook-compatible bucket of the
 * visitor id; null outside the experiment's coverage.
 */
export function bucketVariant(
  experiment: ExperimentDef,
  visitorId: string
): ExperimentVariant | null {
  const heldOut =
    !!experiment.holdout &&
    (hash(`${experiment.slug}:holdout`, visitorId, 2) ?? 1) < experiment.holdout;
  if (heldOut) return HOLDOUT;
  const index = assignVariation(
    experiment.slug,
    visitorId,
    experiment.variants.map((variant) => variant.weight),
    experiment.coverage
  );
  return index < 0 ? null : experiment.variants[index];
}
