/**
 * Variant rules: conditions written in the operator vocabulary of Strapi REST filters
 * ($eq, $in, $between, $and, $or, $not, …), applied to one visitor's context instead of a database.
 *
 *   {"persona": {"$eq": "family-father"}, "geo.country": {"$in": ["DE", "AT"]}}
 *
 * Conditions are validated when saved and compiled once into closures, so serving a request
 * never walks JSON. Pure: no Strapi, no Node built-ins. One file per concern: the path catalog,
 * the operators, parsing (the issues and the tree), compiling, explaining, the texts of the
 * issues, and rule sets.
 */
import type { Issue } from '../issues';

export {
  BASE_CATALOG,
  catalogWith,
  resolvePathSpec,
  type PathCatalog,
  type PathSpec,
  type PathType,
  type PrefixSpec,
  type TextFormat,
} from './catalog';
export { operatorsFor, type LeafOperator, type OperandKind } from './operators';
export { conditionPaths, RuleValidationError, validateCondition } from './parse';
export { compileCondition, type CompiledCondition } from './compile';
export { explainCondition, type ExplainNode } from './explain';
export {
  compileRuleSet,
  explainRuleSet,
  isRuleEnabled,
  MAX_RULE_NAME_LENGTH,
  MAX_RULES,
  parseRuleSet,
  pickRule,
  validateRuleSet,
  variantsOf,
  type CompiledRuleSet,
  type ExplainedRule,
  type ParsedRuleSet,
  type VariantRuleDef,
} from './rule-sets';
export type { ContextReader } from '../visitor-context';

/** The name rules used before issues had one type; kept for the modules that still import it. */
export type RuleIssue = Issue;
