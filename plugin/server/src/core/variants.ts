/**
 * Variants made from an entry in the Content Manager: the marked copy, the prepared rule that
 * makes the copy a variant of its base (disabled: served to nobody until an editor gives it a
 * condition and enables it), and the panel's small edits of a rule set. Pure module.
 */
import { MAX_RULE_NAME_LENGTH, type VariantRuleDef } from './rules';

const TITLE_SUFFIX = ' (variant)';
const SLUG_SUFFIX = '-variant';

/** The base text with the suffix, the base cut so that the whole fits `maxLength`. */
function suffixed(text: string, suffix: string, maxLength = Infinity): string {
  const room = Math.max(0, maxLength - suffix.length);
  return `${text.length > room ? text.slice(0, room).trimEnd() : text}${suffix}`;
}

/** The copy's title: "Hybrid" → "Hybrid (variant)", within the field's maximum length. */
export const variantTitle = (title: string, maxLength?: number) =>
  suffixed(title, TITLE_SUFFIX, maxLength);

/** The starting point of the copy's unique value (uid fields: "hybrid" → "hybrid-variant"); the caller makes it unique. */
export const variantSlug = (value: string, maxLength?: number) =>
  suffixed(value, SLUG_SUFFIX, maxLength);

/**
 * The disabled rule that makes `variant` a variant of the base: named after the copy's title,
 * numbered when the name is taken, within the rule-name limit. The empty condition means
 * "everyone": the editor narrows it before enabling the rule.
 */
export function preparedRule(
  rules: VariantRuleDef[],
  title: string,
  variant: string
): VariantRuleDef {
  const taken = new Set(rules.map((rule) => rule.name));
  const base = `Variant: ${title}`;
  let name = suffixed(base, '', MAX_RULE_NAME_LENGTH);
  for (let n = 2; taken.has(name); n++) name = suffixed(base, ` ${n}`, MAX_RULE_NAME_LENGTH);
  return { name, condition: {}, variant, enabled: false };
}

/** The rules with the named one enabled or disabled; null when no rule has that name. */
export function withRuleEnabled(
  rules: VariantRuleDef[],
  name: string,
  enabled: boolean
): VariantRuleDef[] | null {
  if (!rules.some((rule) => rule.name === name)) return null;
  return rules.map((rule) => (rule.name === name ? { ...rule, enabled } : rule));
}

/** The rules with the named one swapped with its neighbour (order decides which rule wins); unchanged at either end; null when unknown. */
export function withRuleMoved(
  rules: VariantRuleDef[],
  name: string,
  direction: 'up' | 'down'
): VariantRuleDef[] | null {
  const index = rules.findIndex((rule) => rule.name === name);
  if (index < 0) return null;
  const target = direction === 'up' ? index - 1 : index + 1;
  if (target < 0 || target >= rules.length) return rules;
  const moved = [...rules];
  [moved[index], moved[target]] = [moved[target], moved[index]];
  return moved;
}

/** Where a variant comes from: the base entry whose rule set or experiment serves it. */
export interface VariantOrigin {
  documentId: string;
  baseDocumentId: string;
  servedBy: 'rules' | 'experiment';
}

/**
 * The variants of one type's rule sets and experiments, each once, by the base that serves it (a
 * rule set before an experiment). A base is no variant of itself, even when an arm or rule serves it.
 */
export function variantOrigins(
  ruleSets: Array<{ baseDocumentId: string; rules: Array<{ variant?: string | null }> }>,
  experiments: Array<{ baseDocumentId: string; variants: Array<{ documentId?: string | null }> }>
): VariantOrigin[] {
  const origins = new Map<string, VariantOrigin>();
  const add = (
    documentId: string | null | undefined,
    baseDocumentId: string,
    servedBy: VariantOrigin['servedBy']
  ) => {
    if (!documentId || documentId === baseDocumentId || origins.has(documentId)) return;
    origins.set(documentId, { documentId, baseDocumentId, servedBy });
  };
  for (const set of ruleSets)
    for (const rule of set.rules) add(rule.variant, set.baseDocumentId, 'rules');
  for (const experiment of experiments)
    for (const arm of experiment.variants)
      add(arm.documentId, experiment.baseDocumentId, 'experiment');
  return [...origins.values()];
}
