/**
 * Parsing a stored condition: every problem reported as an issue with the path of the input it
 * is about, and, when there is none, the tree that compile and explain share. A condition is
 * parsed once; what is built from the tree never walks the JSON again.
 */
import type { Issue } from '../issues';
import {
  BASE_CATALOG,
  resolvePathSpec,
  type PathCatalog,
  type PathSpec,
  type PathType,
} from './catalog';
import {
  isLeafOperator,
  operandKind,
  valueTest,
  type LeafOperator,
  type ValueTest,
} from './operators';
import {
  describe,
  quote,
  unknownOperatorMessage,
  unknownPathMessage,
  unknownValueMessage,
} from './messages';

export class RuleValidationError extends Error {
  readonly issues: Issue[];

  constructor(issues: Issue[]) {
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
export const MAX_STRING_LENGTH = 500;

interface Comparison {
  operator: LeafOperator;
  operand: unknown;
  test: ValueTest;
}

export type ConditionNode =
  | { kind: 'and' | 'or'; children: ConditionNode[] }
  | { kind: 'not'; child: ConditionNode }
  /** All operators on one path, ANDed; the path is read once. */
  | { kind: 'path'; path: string; comparisons: Comparison[] };

interface Parser {
  catalog: PathCatalog;
  issues: Issue[];
  leaves: number;
}

/** The condition's tree, or undefined with the issues; `location` prefixes every issue's path. */
export function parse(
  condition: unknown,
  catalog: PathCatalog,
  location = ''
): { node: ConditionNode | undefined; issues: Issue[] } {
  const parser: Parser = { catalog, issues: [], leaves: 0 };
  const node = parseCondition(parser, condition, location, 1);
  return { node: parser.issues.length === 0 ? node : undefined, issues: parser.issues };
}

export function parseOrThrow(condition: unknown, catalog: PathCatalog): ConditionNode {
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
    return report(
      parser,
      location,
      unknownOperatorMessage(
        path,
        operator,
        !!resolvePathSpec(parser.catalog, `${path}.${operator}`)
      )
    );
  }
  const issuesBefore = parser.issues.length;
  checkOperand(parser, operator, operand, pathSpec, path, location);
  if (parser.issues.length > issuesBefore) return undefined;
  return { operator, operand, test: valueTest(operator, operand, pathSpec) };
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

  switch (operandKind(operator)) {
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

export function validateCondition(
  condition: unknown,
  catalog: PathCatalog = BASE_CATALOG
): Issue[] {
  return parse(condition, catalog).issues;
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

/** Adds the paths a parsed tree reads to `paths`, in order of appearance. */
export function addNodePaths(node: ConditionNode, paths: Set<string>): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const child of node.children) addNodePaths(child, paths);
      return;
    case 'not':
      addNodePaths(node.child, paths);
      return;
    case 'path':
      paths.add(node.path);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(location: string, key: string): string {
  return location === '' ? key : `${location}.${key}`;
}
