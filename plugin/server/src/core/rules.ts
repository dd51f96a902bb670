/**
 * Variant rules: conditions written in the operator vocabulary of Strapi REST filters
 * ($eq, $in, $between, $and, $or, $not, …), applied to one visitor's context instead of a database.
 *
 *   {"persona": {"$eq": "family-father"}, "geo.country": {"$in": ["DE", "AT"]}}
 *
 * Conditions are validated when saved and compiled once into closures, so serving a request
 * never walks JSON. Pure module: no Strapi, no Node built-ins.
 */

// ---------------------------------------------------------------------------------------------
// Path catalog
// ---------------------------------------------------------------------------------------------

export type PathType = 'string' | 'number' | 'boolean';

/** A pattern plus the words used to explain it when it does not match. */
export interface TextFormat {
  pattern: RegExp;
  hint: string;
}

export interface PathSpec {
  type: PathType;
  array?: boolean;
  reads: 'current' | 'history';
  description: string;
  /** Known values (e.g. persona slugs): operands of $eq/$ne/$in/$notIn outside this list are rejected. */
  allowedValues?: { kind: string; values: readonly string[] };
  /** Shape of whole-value operands, e.g. YYYY-MM-DD so that $lt/$gt on dates order correctly. */
  valueFormat?: TextFormat;
}

export interface PrefixSpec extends PathSpec {
  /** Allowed names after the prefix; any single segment when absent. */
  names?: string[];
  /** Shape the name after the prefix must have. */
  nameFormat?: TextFormat;
}

export interface PathCatalog {
  /** exact paths, e.g. 'persona', 'geo.country' */
  exact: Record<string, PathSpec>;
  /** prefix paths whose last segment is a name, e.g. 'scores.' -> 'scores.limousine'; `names` (if given) limits the allowed names */
  prefixes: Record<string, PrefixSpec>;
}

function spec(
  type: PathType,
  reads: PathSpec['reads'],
  description: string,
  extra: Partial<PrefixSpec> = {}
): PathSpec {
  return { type, reads, description, ...extra };
}

const current = (type: PathType, description: string, extra?: Partial<PrefixSpec>) =>
  spec(type, 'current', description, extra);
const history = (type: PathType, description: string, extra?: Partial<PrefixSpec>) =>
  spec(type, 'history', description, extra);

export const BASE_CATALOG: PathCatalog = {
  exact: {
    persona: current('string', 'Slugs of the persona matched in each profile', { array: true }),
    'persona.distance': current(
      'number',
      'Smallest persona match distance; absent when no persona matched'
    ),
    topKey: current('string', 'Slug of the profile key with the highest score'),
    'visit.number': history('number', 'Number of this visit; 1 on the first visit'),
    'visit.returning': history('boolean', 'Whether the visitor has visited before'),
    'visit.pageCount': current('number', 'Pages viewed in this visit'),
    'visit.value': current('number', 'Engagement value earned in this visit'),
    'engagement.value': history('number', 'Engagement value earned over all visits'),
    'contact.identified': history('boolean', 'Whether the visitor is identified as a contact'),
    'contact.consent': current('string', 'Consent state of the visitor'),
    'goals.ever': history('string', 'Slugs of the goals ever reached', { array: true }),
    'goals.visit': current('string', 'Slugs of the goals reached in this visit', { array: true }),
    'geo.country': current('string', "Country code from GeoIP, e.g. 'DE'"),
    'geo.region': current('string', 'Region from GeoIP'),
    'geo.city': current('string', 'City from GeoIP'),
    'geo.postalCode': current('string', 'Postal code from GeoIP'),
    'geo.continent': current('string', "Continent code from GeoIP, e.g. 'EU'"),
    'geo.timeZone': current('string', "Time zone from GeoIP, e.g. 'Europe/Berlin'"),
    channel: current('string', "Traffic channel, e.g. 'email', 'search', 'direct'"),
    campaign: current('string', 'Campaign of this visit'),
    referrer: current('string', 'Referrer URL'),
    'referrer.host': current('string', 'Host name of the referrer URL'),
    'utm.source': current('string', 'utm_source of the landing page'),
    'utm.medium': current('string', 'utm_medium of the landing page'),
    'utm.campaign': current('string', 'utm_campaign of the landing page'),
    'utm.term': current('string', 'utm_term of the landing page'),
    'utm.content': current('string', 'utm_content of the landing page'),
    device: current('string', "Device class, e.g. 'mobile', 'desktop'"),
    os: current('string', 'Operating system'),
    browser: current('string', 'Browser'),
    language: current('string', "Preferred language, e.g. 'de'"),
    languages: current('string', 'Accepted languages in order of preference', { array: true }),
    'time.hour': current('number', 'Hour of the day, 0–23'),
    'time.weekday': current('number', 'Day of the week, 0 = Sunday … 6 = Saturday'),
    date: current('string', 'Date as YYYY-MM-DD', {
      valueFormat: { pattern: /^\d{4}-\d{2}-\d{2}$/, hint: 'a date written YYYY-MM-DD' },
    }),
  },
  prefixes: {
    'scores.': current('number', 'Score of a profile key, by key slug'),
    'contact.attributes.': history(
      'string',
      'Attribute of the identified contact, by attribute name'
    ),
    'geo.distanceKm.': current(
      'number',
      'Distance in km from the visitor to a point, e.g. geo.distanceKm.49.4521,11.0767',
      {
        nameFormat: {
          pattern: /^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/,
          hint: 'a point written <latitude>,<longitude>',
        },
      }
    ),
    'goals.withinDays.': history('string', 'Slugs of the goals reached within the last N days', {
      array: true,
      nameFormat: { pattern: /^[1-9]\d{0,3}$/, hint: 'a whole number of days from 1 to 9999' },
    }),
  },
};

/**
 * BASE_CATALOG narrowed to a project's configuration: score names (and topKey values) limited to
 * `profileKeys`, persona operands checked against `personas`, goal operands against `goals`.
 */
export function catalogWith(options: {
  profileKeys?: string[];
  personas?: string[];
  goals?: string[];
}): PathCatalog {
  const exact = { ...BASE_CATALOG.exact };
  const prefixes = { ...BASE_CATALOG.prefixes };
  const { profileKeys, personas, goals } = options;
  if (profileKeys) {
    prefixes['scores.'] = { ...prefixes['scores.'], names: [...profileKeys] };
    exact.topKey = {
      ...exact.topKey,
      allowedValues: { kind: 'profile key', values: [...profileKeys] },
    };
  }
  if (personas) {
    exact.persona = { ...exact.persona, allowedValues: { kind: 'persona', values: [...personas] } };
  }
  if (goals) {
    const allowedValues = { kind: 'goal', values: [...goals] };
    exact['goals.ever'] = { ...exact['goals.ever'], allowedValues };
    exact['goals.visit'] = { ...exact['goals.visit'], allowedValues };
    prefixes['goals.withinDays.'] = { ...prefixes['goals.withinDays.'], allowedValues };
  }
  return { exact, prefixes };
}

export function resolvePathSpec(catalog: PathCatalog, path: string): PathSpec | undefined {
  // hasOwn, not `in`: a path such as '__proto__' or 'toString' must not resolve to Object.prototype.
  if (Object.hasOwn(catalog.exact, path)) return catalog.exact[path];
  const match = matchPrefix(catalog, path);
  return match && nameProblem(match.prefix, match.spec, match.name) === undefined
    ? match.spec
    : undefined;
}

function matchPrefix(catalog: PathCatalog, path: string) {
  let best: { prefix: string; spec: PrefixSpec; name: string } | undefined;
  for (const [prefix, prefixSpec] of Object.entries(catalog.prefixes)) {
    if (path.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) {
      best = { prefix, spec: prefixSpec, name: path.slice(prefix.length) };
    }
  }
  return best;
}

function nameProblem(prefix: string, prefixSpec: PrefixSpec, name: string): string | undefined {
  if (name === '') return `a name must follow '${prefix}'`;
  if (name.includes('.')) return `the name after '${prefix}' cannot contain dots`;
  if (prefixSpec.nameFormat && !prefixSpec.nameFormat.pattern.test(name)) {
    return `the name after '${prefix}' must be ${prefixSpec.nameFormat.hint}`;
  }
  if (prefixSpec.names && !prefixSpec.names.includes(name)) {
    const suggestion = closest(prefixSpec.names, name);
    if (suggestion !== undefined) return `did you mean '${prefix}${suggestion}'?`;
    return prefixSpec.names.length === 0
      ? `no names are configured for '${prefix}'`
      : `'${prefix}' accepts: ${listed(prefixSpec.names)}`;
  }
  return undefined;
}

function unknownPathMessage(catalog: PathCatalog, path: string): string {
  const head = `unknown context path ${quote(path)}`;
  // 'scores' alone is a prefix without its name.
  const match = matchPrefix(catalog, path) ?? matchPrefix(catalog, `${path}.`);
  const reason = match
    ? nameProblem(match.prefix, match.spec, match.name)
    : suggestionText(closest(Object.keys(catalog.exact), path));
  return reason ? `${head}; ${reason}` : head;
}

// ---------------------------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------------------------

/** What each leaf operator takes as operand; drives validation. */
const OPERAND_KINDS = {
  $eq: 'value',
  $eqi: 'text',
  $ne: 'value',
  $in: 'list',
  $notIn: 'list',
  $lt: 'ordered',
  $lte: 'ordered',
  $gt: 'ordered',
  $gte: 'ordered',
  $between: 'range',
  $contains: 'text',
  $containsi: 'text',
  $notContains: 'text',
  $startsWith: 'text',
  $endsWith: 'text',
  $null: 'flag',
  $notNull: 'flag',
} as const;

export type LeafOperator = keyof typeof OPERAND_KINDS;
const LEAF_OPERATORS = Object.keys(OPERAND_KINDS) as LeafOperator[];
const LOGICAL_OPERATORS = ['$and', '$or', '$not'];

/** Negative operators are the negation of a positive one, so a missing value satisfies them. */
const NEGATIONS = { $ne: '$eq', $notIn: '$in', $notContains: '$contains' } as const;
type NegativeOperator = keyof typeof NEGATIONS;
type PositiveOperator = Exclude<LeafOperator, NegativeOperator | '$null' | '$notNull'>;

function isLeafOperator(key: string): key is LeafOperator {
  return Object.hasOwn(OPERAND_KINDS, key);
}

function isNegative(operator: LeafOperator): operator is NegativeOperator {
  return Object.hasOwn(NEGATIONS, operator);
}

export type OperandKind = (typeof OPERAND_KINDS)[LeafOperator];

/** The leaf operators that apply to a path (the same checks as checkOperand), with the operand each takes. */
export function operatorsFor(
  pathSpec: PathSpec
): Array<{ operator: LeafOperator; operand: OperandKind }> {
  return LEAF_OPERATORS.filter((operator) => {
    const kind = OPERAND_KINDS[operator];
    if (kind === 'text') return pathSpec.type === 'string';
    if (kind === 'ordered' || kind === 'range') return pathSpec.type !== 'boolean';
    return true;
  }).map((operator) => ({ operator, operand: OPERAND_KINDS[operator] }));
}

type ValueTest = (value: unknown) => boolean;

/**
 * Test for one element. Every test checks the runtime type first, so a missing or wrongly typed
 * value never matches a positive operator.
 */
function elementTest(operator: PositiveOperator, operand: unknown): ValueTest {
  switch (operator) {
    case '$eq':
      return (value) => value === operand;
    case '$eqi': {
      const wanted = (operand as string).toLowerCase();
      return (value) => typeof value === 'string' && value.toLowerCase() === wanted;
    }
    case '$in': {
      const wanted = new Set(operand as unknown[]);
      return (value) => wanted.has(value);
    }
    case '$lt':
      return ordered(operand, (value, bound) => value < bound);
    case '$lte':
      return ordered(operand, (value, bound) => value <= bound);
    case '$gt':
      return ordered(operand, (value, bound) => value > bound);
    case '$gte':
      return ordered(operand, (value, bound) => value >= bound);
    case '$between': {
      const [low, high] = operand as [number, number];
      return ordered(low, (value) => value >= low && value <= high);
    }
    case '$contains': {
      const part = operand as string;
      return (value) => typeof value === 'string' && value.includes(part);
    }
    case '$containsi': {
      const part = (operand as string).toLowerCase();
      return (value) => typeof value === 'string' && value.toLowerCase().includes(part);
    }
    case '$startsWith': {
      const part = operand as string;
      return (value) => typeof value === 'string' && value.startsWith(part);
    }
    case '$endsWith': {
      const part = operand as string;
      return (value) => typeof value === 'string' && value.endsWith(part);
    }
  }
}

/**
 * Operands of ordering operators are numbers or strings and the value must have the same type,
 * so comparisons are numeric or lexicographic (YYYY-MM-DD dates order correctly). Typed as number
 * only because TypeScript has no type for "both numbers or both strings".
 */
function ordered(operand: unknown, compare: (value: number, bound: number) => boolean): ValueTest {
  const type = typeof operand;
  const bound = operand as number;
  return (value) => typeof value === type && compare(value as number, bound);
}

/** Missing: undefined, null, a value of the wrong type, or an empty array on an array path. */
function isAbsent(value: unknown, pathSpec: PathSpec): boolean {
  if (Array.isArray(value)) return !pathSpec.array || value.length === 0;
  return (
    value === undefined || value === null || typeof value !== pathSpec.type || Number.isNaN(value)
  );
}

/** Array paths match when any element does; a lone value from the reader counts as one element. */
function anyElement(test: ValueTest): ValueTest {
  return (value) => {
    if (!Array.isArray(value)) return test(value);
    for (let i = 0; i < value.length; i++) if (test(value[i])) return true;
    return false;
  };
}

function valueTest(operator: LeafOperator, operand: unknown, pathSpec: PathSpec): ValueTest {
  if (operator === '$null' || operator === '$notNull') {
    const wantAbsent = (operator === '$null') === operand;
    return (value) => isAbsent(value, pathSpec) === wantAbsent;
  }
  if (isNegative(operator)) {
    const positive = valueTest(NEGATIONS[operator], operand, pathSpec);
    return (value) => !positive(value);
  }
  const test = elementTest(operator, operand);
  return pathSpec.array ? anyElement(test) : test;
}

// ---------------------------------------------------------------------------------------------
// Parsing: validation and the tree that compile and explain share
// ---------------------------------------------------------------------------------------------

export interface RuleIssue {
  path: string;
  message: string;
}

export class RuleValidationError extends Error {
  readonly issues: RuleIssue[];

  constructor(issues: RuleIssue[]) {
    const shown = issues
      .slice(0, 5)
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
    super(`invalid rule: ${shown.join('; ')}${more}`);
    this.name = 'RuleValidationError';
    this.issues = issues;
  }
}

const MAX_DEPTH = 16;
const MAX_LEAVES = 200;
const MAX_STRING_LENGTH = 500;
export const MAX_RULES = 50;
export const MAX_RULE_NAME_LENGTH = 100;

interface Comparison {
  operator: LeafOperator;
  operand: unknown;
  test: ValueTest;
}

type ConditionNode =
  | { kind: 'and' | 'or'; children: ConditionNode[] }
  | { kind: 'not'; child: ConditionNode }
  /** All operators on one path, ANDed; the path is read once. */
  | { kind: 'path'; path: string; comparisons: Comparison[] };

interface Parser {
  catalog: PathCatalog;
  issues: RuleIssue[];
  leaves: number;
}

function parse(condition: unknown, catalog: PathCatalog, location = '') {
  const parser: Parser = { catalog, issues: [], leaves: 0 };
  const node = parseCondition(parser, condition, location, 1);
  return { node: parser.issues.length === 0 ? node : undefined, issues: parser.issues };
}

function parseOrThrow(condition: unknown, catalog: PathCatalog): ConditionNode {
  const { node, issues } = parse(condition, catalog);
  if (!node) throw new RuleValidationError(issues);
  return node;
}

function report(parser: Parser, path: string, message: string): undefined {
  parser.issues.push({ path, message });
  return undefined;
}

function parseCondition(
  parser: Parser,
  condition: unknown,
  location: string,
  depth: number
): ConditionNode | undefined {
  if (!isPlainObject(condition)) {
    return report(parser, location, `a condition must be an object, got ${describe(condition)}`);
  }
  if (depth > MAX_DEPTH) {
    return report(parser, location, `conditions may be nested at most ${MAX_DEPTH} levels deep`);
  }
  const entries = Object.entries(condition);
  if (entries.length === 0) {
    return depth === 1
      ? { kind: 'and', children: [] }
      : report(
          parser,
          location,
          'empty condition; only the whole condition may be {} (always true)'
        );
  }
  const children: ConditionNode[] = [];
  for (const [key, value] of entries) {
    const child = parseEntry(parser, key, value, join(location, key), depth);
    if (child) children.push(child);
  }
  return children.length === 1 ? children[0] : { kind: 'and', children };
}

function parseEntry(
  parser: Parser,
  key: string,
  value: unknown,
  location: string,
  depth: number
): ConditionNode | undefined {
  if (key === '$and' || key === '$or') {
    if (!Array.isArray(value) || value.length === 0) {
      return report(
        parser,
        location,
        `${key} expects a non-empty array of conditions, got ${describe(value)}`
      );
    }
    const children: ConditionNode[] = [];
    value.forEach((item, index) => {
      const child = parseCondition(parser, item, `${location}[${index}]`, depth + 1);
      if (child) children.push(child);
    });
    return { kind: key === '$and' ? 'and' : 'or', children };
  }
  if (key === '$not') {
    if (!isPlainObject(value)) {
      return report(parser, location, `$not expects one condition object, got ${describe(value)}`);
    }
    const child = parseCondition(parser, value, location, depth + 1);
    return child && { kind: 'not', child };
  }
  if (isLeafOperator(key)) {
    return report(
      parser,
      location,
      `${key} must be applied to a context path, e.g. {"channel": {"${key}": …}}`
    );
  }
  if (key.startsWith('$')) {
    return report(
      parser,
      location,
      `unknown logical operator ${quote(key)}; expected $and, $or or $not`
    );
  }
  return parsePath(parser, key, value, location);
}

function parsePath(
  parser: Parser,
  path: string,
  value: unknown,
  location: string
): ConditionNode | undefined {
  const pathSpec = resolvePathSpec(parser.catalog, path);
  if (!pathSpec) return report(parser, location, unknownPathMessage(parser.catalog, path));

  let operations: Array<[operator: string, operand: unknown, location: string]>;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    operations = [['$eq', value, location]]; // shorthand, as in Strapi: {"channel": "email"}
  } else if (isPlainObject(value)) {
    operations = Object.entries(value).map(([operator, operand]) => [
      operator,
      operand,
      join(location, operator),
    ]);
    if (operations.length === 0) {
      return report(parser, location, `no operator given for ${quote(path)}, e.g. {"$eq": …}`);
    }
  } else if (value === null) {
    return report(
      parser,
      location,
      `null is not a value; use {"$null": true} to match a missing ${quote(path)}`
    );
  } else if (Array.isArray(value)) {
    return report(
      parser,
      location,
      `an array is not a value; use {"$in": […]} to match any of several values`
    );
  } else {
    return report(
      parser,
      location,
      `expected a value or an operator object, got ${describe(value)}`
    );
  }

  const comparisons: Comparison[] = [];
  for (const [operator, operand, operatorLocation] of operations) {
    const comparison = parseComparison(parser, path, pathSpec, operator, operand, operatorLocation);
    if (comparison) comparisons.push(comparison);
  }
  return { kind: 'path', path, comparisons };
}

function parseComparison(
  parser: Parser,
  path: string,
  pathSpec: PathSpec,
  operator: string,
  operand: unknown,
  location: string
): Comparison | undefined {
  parser.leaves += 1;
  if (parser.leaves === MAX_LEAVES + 1) {
    report(parser, location, `a condition may hold at most ${MAX_LEAVES} comparisons`);
  }
  if (!isLeafOperator(operator)) {
    return report(parser, location, unknownOperatorMessage(parser.catalog, path, operator));
  }
  const issuesBefore = parser.issues.length;
  checkOperand(parser, operator, operand, pathSpec, path, location);
  if (parser.issues.length > issuesBefore) return undefined;
  return { operator, operand, test: valueTest(operator, operand, pathSpec) };
}

function unknownOperatorMessage(catalog: PathCatalog, path: string, operator: string): string {
  const head = `unknown operator ${quote(operator)} on ${quote(path)}`;
  if (LOGICAL_OPERATORS.includes(operator)) {
    const inner = `{${JSON.stringify(clip(path))}: …}`;
    const example = operator === '$not' ? inner : `[${inner}, …]`;
    return `${head}; ${operator} combines conditions and goes outside the path, e.g. {"${operator}": ${example}}`;
  }
  if (!operator.startsWith('$')) {
    const nested = `${path}.${operator}`;
    return resolvePathSpec(catalog, nested)
      ? `${head}; write nested paths with dots: '${nested}'`
      : `${head}; operators start with '$'`;
  }
  const reason = suggestionText(closest(LEAF_OPERATORS, operator));
  return reason ? `${head}; ${reason}` : head;
}

function checkOperand(
  parser: Parser,
  operator: LeafOperator,
  operand: unknown,
  pathSpec: PathSpec,
  path: string,
  location: string
): void {
  const subject = `${operator} on ${quote(path)}`;
  const check = (value: unknown, at: string, checkKnownValues: boolean) =>
    checkValue(parser, subject, value, pathSpec, at, checkKnownValues);

  switch (OPERAND_KINDS[operator]) {
    case 'value':
      check(operand, location, true);
      return;
    case 'text': {
      if (pathSpec.type !== 'string') {
        report(
          parser,
          location,
          `${operator} applies to string paths only; ${quote(path)} is a ${pathSpec.type}`
        );
        return;
      }
      // Substring operands are fragments, so the path's value format and known values do not apply.
      const problem = typeProblem(operand, 'string');
      if (problem) report(parser, location, `${subject} ${problem}`);
      return;
    }
    case 'list':
      if (!Array.isArray(operand) || operand.length === 0) {
        report(
          parser,
          location,
          `${subject} expects a non-empty array of ${pathSpec.type}s, got ${describe(operand)}`
        );
        return;
      }
      operand.forEach((item, index) => check(item, `${location}[${index}]`, true));
      return;
    case 'ordered':
      if (pathSpec.type === 'boolean') {
        report(parser, location, `${operator} does not apply to boolean path ${quote(path)}`);
        return;
      }
      check(operand, location, false);
      return;
    case 'range': {
      if (pathSpec.type === 'boolean') {
        report(parser, location, `${operator} does not apply to boolean path ${quote(path)}`);
        return;
      }
      if (!Array.isArray(operand) || operand.length !== 2) {
        report(
          parser,
          location,
          `${subject} expects [low, high] (two ${pathSpec.type}s), got ${describe(operand)}`
        );
        return;
      }
      const [low, high] = operand as [unknown, unknown];
      const lowOk = check(low, `${location}[0]`, false);
      const highOk = check(high, `${location}[1]`, false);
      if (lowOk && highOk && (low as number) > (high as number)) {
        report(
          parser,
          location,
          `${subject} expects low ≤ high, got [${JSON.stringify(low)}, ${JSON.stringify(high)}]`
        );
      }
      return;
    }
    case 'flag':
      if (typeof operand !== 'boolean') {
        report(parser, location, `${subject} expects true or false, got ${describe(operand)}`);
      }
      return;
  }
}

/** Checks one operand value against the path's type and constraints; true when valid. */
function checkValue(
  parser: Parser,
  subject: string,
  value: unknown,
  pathSpec: PathSpec,
  location: string,
  checkKnownValues: boolean
): boolean {
  const problem = typeProblem(value, pathSpec.type) ?? formatProblem(value, pathSpec);
  if (problem) {
    report(parser, location, `${subject} ${problem}`);
    return false;
  }
  const unknown = checkKnownValues ? unknownValueMessage(value as string, pathSpec) : undefined;
  if (unknown) report(parser, location, unknown);
  return unknown === undefined;
}

function typeProblem(value: unknown, type: PathType): string | undefined {
  if (typeof value !== type) return `expects a ${type}, got ${describe(value)}`;
  if (typeof value === 'number' && !Number.isFinite(value))
    return `expects a finite number, got ${value}`;
  if (typeof value === 'string' && value.length > MAX_STRING_LENGTH) {
    return `expects a string of at most ${MAX_STRING_LENGTH} characters, got ${value.length}`;
  }
  return undefined;
}

function formatProblem(value: unknown, pathSpec: PathSpec): string | undefined {
  const format = pathSpec.valueFormat;
  if (!format || typeof value !== 'string' || format.pattern.test(value)) return undefined;
  return `expects ${format.hint}, got ${describe(value)}`;
}

function unknownValueMessage(value: string, pathSpec: PathSpec): string | undefined {
  const allowed = pathSpec.allowedValues;
  if (!allowed || allowed.values.includes(value)) return undefined;
  const reason = suggestionText(closest(allowed.values, value));
  return `unknown ${allowed.kind} ${quote(value)}${reason ? `; ${reason}` : ''}`;
}

export function validateCondition(
  condition: unknown,
  catalog: PathCatalog = BASE_CATALOG
): RuleIssue[] {
  return parse(condition, catalog).issues;
}

// ---------------------------------------------------------------------------------------------
// Compilation and explanation
// ---------------------------------------------------------------------------------------------

/** Returns the value of a path for this visitor (undefined when unknown). */
export type ContextReader = (path: string) => unknown;
export type CompiledCondition = (read: ContextReader) => boolean;

export function compileCondition(
  condition: unknown,
  catalog: PathCatalog = BASE_CATALOG
): CompiledCondition {
  return toClosure(parseOrThrow(condition, catalog));
}

const always: CompiledCondition = () => true;

function toClosure(node: ConditionNode): CompiledCondition {
  switch (node.kind) {
    case 'and': {
      const parts = node.children.map(toClosure);
      if (parts.length === 0) return always;
      if (parts.length === 1) return parts[0];
      return (read) => {
        for (let i = 0; i < parts.length; i++) if (!parts[i](read)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.children.map(toClosure);
      if (parts.length === 1) return parts[0];
      return (read) => {
        for (let i = 0; i < parts.length; i++) if (parts[i](read)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = toClosure(node.child);
      return (read) => !inner(read);
    }
    case 'path': {
      const { path } = node;
      const tests = node.comparisons.map((comparison) => comparison.test);
      if (tests.length === 1) {
        const [test] = tests;
        return (read) => test(read(path));
      }
      return (read) => {
        const value = read(path);
        for (let i = 0; i < tests.length; i++) if (!tests[i](value)) return false;
        return true;
      };
    }
  }
}

export interface ExplainNode {
  kind: 'and' | 'or' | 'not' | 'leaf';
  path?: string;
  operator?: string;
  operand?: unknown;
  actual?: unknown;
  result: boolean;
  children?: ExplainNode[];
}

/** Evaluates every branch (no short-circuit) so the explanation is complete; same result as compiled. */
export function explainCondition(
  condition: unknown,
  read: ContextReader,
  catalog: PathCatalog = BASE_CATALOG
): ExplainNode {
  return explainNode(parseOrThrow(condition, catalog), read);
}

function explainNode(node: ConditionNode, read: ContextReader): ExplainNode {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const children = node.children.map((child) => explainNode(child, read));
      const result =
        node.kind === 'and'
          ? children.every((child) => child.result)
          : children.some((child) => child.result);
      return { kind: node.kind, result, children };
    }
    case 'not': {
      const child = explainNode(node.child, read);
      return { kind: 'not', result: !child.result, children: [child] };
    }
    case 'path': {
      const { path } = node;
      const actual = read(path);
      const leaves: ExplainNode[] = node.comparisons.map(({ operator, operand, test }) => ({
        kind: 'leaf',
        path,
        operator,
        operand,
        actual,
        result: test(actual),
      }));
      if (leaves.length === 1) return leaves[0];
      return { kind: 'and', path, result: leaves.every((leaf) => leaf.result), children: leaves };
    }
  }
}

/** Distinct context paths a condition references, in order of appearance; tolerates invalid input. */
export function conditionPaths(condition: unknown): string[] {
  const paths = new Set<string>();
  collectPaths(condition, paths, 1);
  return [...paths];
}

function collectPaths(condition: unknown, paths: Set<string>, depth: number): void {
  if (!isPlainObject(condition) || depth > MAX_DEPTH) return;
  for (const [key, value] of Object.entries(condition)) {
    if (key === '$and' || key === '$or') {
      if (Array.isArray(value)) for (const item of value) collectPaths(item, paths, depth + 1);
    } else if (key === '$not') {
      collectPaths(value, paths, depth + 1);
    } else if (!key.startsWith('$')) {
      paths.add(key);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rule sets: the ordered rules of one document
// ---------------------------------------------------------------------------------------------

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

export function validateRuleSet(rules: unknown, catalog: PathCatalog = BASE_CATALOG): RuleIssue[] {
  if (!Array.isArray(rules))
    return [{ path: '', message: `rules must be an array, got ${describe(rules)}` }];
  if (rules.length > MAX_RULES) {
    return [{ path: '', message: `at most ${MAX_RULES} rules are allowed, got ${rules.length}` }];
  }
  const issues: RuleIssue[] = [];
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
    issues.push(...parse(condition, catalog, `${at}.condition`).issues);
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
  return issues;
}

/** Validates every rule, disabled ones too, but keeps only the enabled ones: serving never sees a disabled rule. */
export function compileRuleSet(
  rules: VariantRuleDef[],
  catalog: PathCatalog = BASE_CATALOG
): CompiledRuleSet {
  const issues = validateRuleSet(rules, catalog);
  if (issues.length > 0) throw new RuleValidationError(issues);
  const enabled = rules.filter(isRuleEnabled);
  return {
    rules: enabled.map(({ name, variant, condition }) => ({
      name,
      variant,
      test: compileCondition(condition, catalog),
    })),
    paths: [...new Set(enabled.flatMap((rule) => conditionPaths(rule.condition)))],
  };
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

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(location: string, key: string): string {
  return location === '' ? key : `${location}.${key}`;
}

/** Quotes user input for messages, clipped so a huge key cannot flood the issue list. */
function quote(text: string): string {
  return `'${clip(text)}'`;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(clip(value))}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown}, …` : shown;
}

function suggestionText(suggestion: string | undefined): string | undefined {
  return suggestion === undefined ? undefined : `did you mean '${suggestion}'?`;
}

const MAX_SUGGESTION_DISTANCE = 2;

/** The candidate nearest to `input` within edit distance 2, if any. */
function closest(candidates: readonly string[], input: string): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  for (const candidate of candidates) {
    // The length difference bounds the distance; skipping early keeps huge inputs cheap.
    if (Math.abs(candidate.length - input.length) >= bestDistance) continue;
    const distance = editDistance(candidate, input);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(previous[j] + 1, row[j - 1] + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length];
}
