/** Rule sets: the ordered rules of one document, checked, compiled and explained as a whole. */
import type { Issue } from '../issues';
import type { ContextReader } from '../visitor-context';
import { BASE_CATALOG, type PathCatalog } from './catalog';
import { compileNode, type CompiledCondition } from './compile';
import { explainCondition, type ExplainNode } from './explain';
import { describe, quote } from './messages';
import {
  addNodePaths,
  isPlainObject,
  MAX_STRING_LENGTH,
  parse,
  RuleValidationError,
  type ConditionNode,
} from './parse';

export const MAX_RULES = 50;
export const MAX_RULE_NAME_LENGTH = 100;

/**
 * variant: a documentId, or null = serve the base document. enabled (default true): a disabled
 * rule is never served, yet its variant stays a variant of the base (kept out of lists), so an
 * editor can prepare a variant before anyone sees it.
 */
export interface VariantRuleDef {
  name: string;
  condition: unknown;
  variant: string | null;
  enabled?: boolean;
}

export const isRuleEnabled = (rule: Pick<VariantRuleDef, 'enabled'>): boolean =>
  rule.enabled !== false;

/** Every document the rules name as a variant, enabled or not, once each, in rule order. */
export function variantsOf(rules: VariantRuleDef[]): string[] {
  return [...new Set(rules.map((rule) => rule.variant).filter((id): id is string => !!id))];
}

export interface CompiledRuleSet {
  rules: Array<{ name: string; variant: string | null; test: CompiledCondition }>;
  paths: string[];
}

/** A stored rule set parsed once: its issues, or the rules as checked and their compiled form. */
export type ParsedRuleSet =
  { issues: Issue[] } | { rules: VariantRuleDef[]; compiled: CompiledRuleSet };

/** Every issue of the rule set, and the parsed condition of each rule (complete when there are no issues). */
function checkRuleSet(
  rules: unknown,
  catalog: PathCatalog
): { issues: Issue[]; conditions: Array<ConditionNode | undefined> } {
  if (!Array.isArray(rules)) {
    return {
      issues: [{ path: '', message: `rules must be an array, got ${describe(rules)}` }],
      conditions: [],
    };
  }
  if (rules.length > MAX_RULES) {
    return {
      issues: [
        { path: '', message: `at most ${MAX_RULES} rules are allowed, got ${rules.length}` },
      ],
      conditions: [],
    };
  }
  const issues: Issue[] = [];
  const conditions: Array<ConditionNode | undefined> = [];
  const indexByName = new Map<string, number>();
  rules.forEach((rule, index) => {
    const at = `[${index}]`;
    if (!isPlainObject(rule)) {
      issues.push({
        path: at,
        message: `a rule must be an object with name, condition and variant, got ${describe(rule)}`,
      });
      return;
    }
    const { name, condition, variant, enabled } = rule;
    if (typeof name !== 'string' || name.trim() === '') {
      issues.push({
        path: `${at}.name`,
        message: `a rule needs a non-empty name, got ${describe(name)}`,
      });
    } else if (name.length > MAX_RULE_NAME_LENGTH) {
      issues.push({
        path: `${at}.name`,
        message: `rule names are limited to ${MAX_RULE_NAME_LENGTH} characters, got ${name.length}`,
      });
    } else if (indexByName.has(name)) {
      issues.push({
        path: `${at}.name`,
        message: `duplicate rule name ${quote(name)}; rule [${indexByName.get(name)}] already uses it`,
      });
    } else {
      indexByName.set(name, index);
    }
    const parsed = parse(condition, catalog, `${at}.condition`);
    issues.push(...parsed.issues);
    conditions[index] = parsed.node;
    const variantValid =
      variant === null ||
      (typeof variant === 'string' && variant !== '' && variant.length <= MAX_STRING_LENGTH);
    if (!variantValid) {
      issues.push({
        path: `${at}.variant`,
        message: `variant must be a documentId or null (serve the base document), got ${describe(variant)}`,
      });
    }
    if (enabled !== undefined && typeof enabled !== 'boolean') {
      issues.push({
        path: `${at}.enabled`,
        message: `enabled must be true or false, got ${describe(enabled)}`,
      });
    }
  });
  return { issues, conditions };
}

export function validateRuleSet(rules: unknown, catalog: PathCatalog = BASE_CATALOG): Issue[] {
  return checkRuleSet(rules, catalog).issues;
}

/**
 * The one entry point for stored rules: checks every rule, disabled ones too, and compiles only
 * the enabled ones (serving never sees a disabled rule), each condition parsed once.
 */
export function parseRuleSet(rules: unknown, catalog: PathCatalog = BASE_CATALOG): ParsedRuleSet {
  const { issues, conditions } = checkRuleSet(rules, catalog);
  if (issues.length > 0) return { issues };
  const checked = rules as VariantRuleDef[];
  const compiled: CompiledRuleSet = { rules: [], paths: [] };
  const paths = new Set<string>();
  checked.forEach((rule, index) => {
    if (!isRuleEnabled(rule)) return;
    const condition = conditions[index] as ConditionNode;
    compiled.rules.push({ name: rule.name, variant: rule.variant, test: compileNode(condition) });
    addNodePaths(condition, paths);
  });
  compiled.paths = [...paths];
  return { rules: checked, compiled };
}

/** parseRuleSet for rules that must be valid: throws RuleValidationError naming the issues. */
export function compileRuleSet(
  rules: VariantRuleDef[],
  catalog: PathCatalog = BASE_CATALOG
): CompiledRuleSet {
  const parsed = parseRuleSet(rules, catalog);
  if ('issues' in parsed) throw new RuleValidationError(parsed.issues);
  return parsed.compiled;
}

/** First matching rule in order, or null when none matches. */
export function pickRule(
  set: CompiledRuleSet,
  read: ContextReader
): { name: string; variant: string | null } | null {
  for (const rule of set.rules) {
    if (rule.test(read)) return { name: rule.name, variant: rule.variant };
  }
  return null;
}

export interface ExplainedRule {
  name: string;
  variant: string | null;
  enabled: boolean;
  /** Whether the condition holds for this visitor; a disabled rule is still evaluated to show what it would do. */
  matched: boolean;
  explanation: ExplainNode;
}

/**
 * Every rule explained, disabled ones included, and the rule served: the first enabled rule that
 * matches, as pickRule chooses.
 */
export function explainRuleSet(
  rules: VariantRuleDef[],
  read: ContextReader,
  catalog: PathCatalog = BASE_CATALOG
): { rules: ExplainedRule[]; chosen: ExplainedRule | null } {
  const explained = rules.map((rule) => {
    const explanation = explainCondition(rule.condition, read, catalog);
    return {
      name: rule.name,
      variant: rule.variant,
      enabled: isRuleEnabled(rule),
      matched: explanation.result,
      explanation,
    };
  });
  return {
    rules: explained,
    chosen: explained.find((rule) => rule.enabled && rule.matched) ?? null,
  };
}
