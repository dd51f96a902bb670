/**
 * What depends on a definition that is about to be removed or narrowed: the admin refuses such
 * a change and names the dependents, rather than leaving content tags, personas or variant
 * rules that silently stop working.
 */
import { catalogWith, validateCondition, validateRuleSet } from './rules';
import type { KeyDef } from './scoring';

/** A content tag or persona: its `{ <key slug>: number }` values. */
export interface KeyValueHolder {
  keyValues?: unknown;
}

export interface RuleSetHolder {
  rules?: unknown;
}

export interface KnownDefinitions {
  profileKeys: string[];
  personas: string[];
  goals: string[];
}

const valuesOf = (holder: KeyValueHolder): Record<string, unknown> =>
  holder.keyValues && typeof holder.keyValues === 'object' && !Array.isArray(holder.keyValues)
    ? (holder.keyValues as Record<string, unknown>)
    : {};

/** The holders that give any of the keys a value. */
export function holdersOfKeys<T extends KeyValueHolder>(holders: T[], keySlugs: string[]): T[] {
  return holders.filter((holder) => keySlugs.some((slug) => valuesOf(holder)[slug] !== undefined));
}

/** The holders whose value for the key lies outside its min..max, with that value. */
export function holdersOutsideRange<T extends KeyValueHolder>(
  holders: T[],
  key: KeyDef
): Array<{ holder: T; value: number }> {
  return holders.flatMap((holder) => {
    const value = valuesOf(holder)[key.slug];
    return typeof value === 'number' && (value < key.min || value > key.max)
      ? [{ holder, value }]
      : [];
  });
}

export type Removed = Partial<KnownDefinitions>;

/** The rule catalogs before and after `removed` is gone. */
function catalogsWithout(known: KnownDefinitions, removed: Removed) {
  const without = (list: string[], gone: string[] = []) =>
    list.filter((entry) => !gone.includes(entry));
  return {
    now: catalogWith(known),
    after: catalogWith({
      profileKeys: without(known.profileKeys, removed.profileKeys),
      personas: without(known.personas, removed.personas),
      goals: without(known.goals, removed.goals),
    }),
  };
}

/**
 * The rule sets that are valid now but would name an unknown profile key, persona or goal once
 * `removed` is gone (such a rule set is skipped at serve time).
 */
export function ruleSetsReferring<T extends RuleSetHolder>(
  ruleSets: T[],
  known: KnownDefinitions,
  removed: Removed
): T[] {
  const { now, after } = catalogsWithout(known, removed);
  return ruleSets.filter(
    (set) => validateRuleSet(set.rules, after).length > validateRuleSet(set.rules, now).length
  );
}

/** An automation as stored: its trigger and flow, JSON checked when written. */
export interface AutomationHolder {
  trigger?: unknown;
  flow?: unknown;
}

const objectsOf = (value: unknown): Array<Record<string, unknown>> =>
  Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => !!item && typeof item === 'object')
    : [];

/**
 * The automations that name the goal: triggered by it, crediting it in a points step, or
 * testing it in a condition (the trigger's `when`, a condition step).
 */
export function automationsReferringGoal<T extends AutomationHolder>(
  automations: T[],
  known: KnownDefinitions,
  goal: string
): T[] {
  const { now, after } = catalogsWithout(known, { goals: [goal] });
  const refers = (condition: unknown) =>
    condition !== undefined &&
    validateCondition(condition, after).length > validateCondition(condition, now).length;
  return automations.filter((automation) => {
    const trigger = (automation.trigger ?? {}) as Record<string, unknown>;
    const steps = objectsOf((automation.flow as { steps?: unknown } | null)?.steps);
    return (
      (trigger.type === 'goal' && trigger.goal === goal) ||
      refers(trigger.when) ||
      steps.some((step) => (step.type === 'points' && step.goal === goal) || refers(step.condition))
    );
  });
}
