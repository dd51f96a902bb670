/**
 * What depends on a definition that is about to be removed or narrowed: the admin refuses such
 * a change and names the dependents, rather than leaving content tags, personas or variant
 * rules that silently stop working.
 */
import { catalogWith, validateRuleSet } from './rules';
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

/**
 * The rule sets that are valid now but would name an unknown profile key or persona once
 * `removed` is gone (such a rule set is skipped at serve time).
 */
export function ruleSetsReferring<T extends RuleSetHolder>(
  ruleSets: T[],
  known: KnownDefinitions,
  removed: { profileKeys?: string[]; personas?: string[] }
): T[] {
  const without = (list: string[], gone: string[] = []) =>
    list.filter((entry) => !gone.includes(entry));
  const now = catalogWith(known);
  const after = catalogWith({
    profileKeys: without(known.profileKeys, removed.profileKeys),
    personas: without(known.personas, removed.personas),
    goals: known.goals,
  });
  return ruleSets.filter(
    (set) => validateRuleSet(set.rules, after).length > validateRuleSet(set.rules, now).length
  );
}
