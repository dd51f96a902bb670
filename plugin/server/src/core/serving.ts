/**
 * What a visitor is served in place of a document: the one decision both the Content API (the
 * Document Service middleware) and the admin's simulator make, so the simulator explains
 * exactly what is served. Recording an exposure is the caller's step after the decision.
 *
 * While an experiment runs, its variant decides first (a sticky assignment, else the holdout or
 * the visitor's bucket); only a "personalized" variant, or a visitor outside the coverage, goes
 * on to the variant rules. A visitor who consented to analytics only is measured, never
 * personalized: experiments still apply, rules do not.
 */
import { pickRule, type CompiledRuleSet, type ContextReader } from './rules';
import {
  bucketVariant,
  stickyVariant,
  type ExperimentDef,
  type StoredAssignment,
} from './experiments';

/** The consent under which variant rules never apply. */
const MEASURE_ONLY_CONSENT = 'analytics';
/** The label of a document served as it is, no rule having matched. */
export const DEFAULT_LABEL = 'default';

export interface ServingInput {
  /** the document read: the base of the rules and the experiment */
  documentId: string;
  /** its enabled variant rules, compiled */
  rules: CompiledRuleSet | undefined;
  /** the experiment running on it */
  experiment: ExperimentDef | undefined;
  /** the id experiments bucket by */
  visitorId: string;
  /** the variant of `experiment` this visitor was first exposed to */
  assignment: StoredAssignment | undefined;
  consent: string | null;
  /** the visitor's context as rules read it; called only when rules are evaluated */
  reader: () => ContextReader;
}

export interface ServingDecision {
  /** the document served in place of the base, or null: the base itself */
  variant: string | null;
  /** what `X-CXM-Variant` says of the document: the rule (or `default`), after `experiment:<slug>:<key>/` while one runs */
  label: string;
  /** the rule that matched, when rules were evaluated */
  rule: string | null;
  /** the experiment variant the visitor is in (`holdout` for held-out visitors) */
  experimentVariant: string | null;
  /** the visitor's first exposure to the experiment: the assignment to store, and to record as an exposure */
  exposure: { experiment: string; variant: string } | null;
}

/** The decision for one document, or null when nothing applies to it (no rules, outside the experiment). */
export function decideServing(input: ServingInput): ServingDecision | null {
  const { documentId, rules, experiment } = input;
  const sticky = experiment && stickyVariant(experiment, input.assignment);
  const assigned = experiment ? (sticky ?? bucketVariant(experiment, input.visitorId)) : null;
  if (!assigned && !rules) return null;
  let variant: string | null = null;
  let label: string | null = null;
  let exposure: ServingDecision['exposure'] = null;
  if (experiment && assigned) {
    label = `experiment:${experiment.slug}:${assigned.key}`;
    if (assigned.documentId && assigned.documentId !== documentId) variant = assigned.documentId;
    if (!sticky) exposure = { experiment: experiment.slug, variant: assigned.key };
  }
  const experimentVariant = assigned?.key ?? null;
  if (!rules || (assigned && !assigned.personalized))
    return { variant, label: label!, rule: null, experimentVariant, exposure };
  const pick = input.consent === MEASURE_ONLY_CONSENT ? null : pickRule(rules, input.reader());
  if (pick?.variant && pick.variant !== documentId) variant = pick.variant;
  const ruleLabel = pick?.name ?? DEFAULT_LABEL;
  return {
    variant,
    label: label ? `${label}/${ruleLabel}` : ruleLabel,
    rule: pick?.name ?? null,
    experimentVariant,
    exposure,
  };
}
