/**
 * The condition builder's model: a rule condition (JSON in Strapi's filter vocabulary, see
 * server/src/core/rules.ts) as a tree of groups ("all of" = $and, "any of" = $or, optionally
 * negated = $not) and comparisons (path, operator, operand), and back. Pure: no React, no Strapi.
 *
 *   {"persona": {"$eq": "family-father"}, "geo.country": {"$in": ["DE", "AT"]}}
 *   ⇄ all of [persona $eq family-father, geo.country $in [DE, AT]]
 */
import type { OperandKind, PathType } from '../../../server/src/contracts';

export type Combinator = 'and' | 'or';

export interface ComparisonNode {
  kind: 'comparison';
  id: string;
  path: string;
  operator: string;
  /** the operand as stored: a value, a list ($in), [low, high] ($between), true/false ($null) */
  value: unknown;
}

export interface GroupNode {
  kind: 'group';
  id: string;
  combinator: Combinator;
  negated: boolean;
  children: ConditionNode[];
}

export type ConditionNode = GroupNode | ComparisonNode;
export type Condition = Record<string, unknown>;

/** A stored condition the builder cannot show (it was not written in the rule vocabulary). */
export class ConditionShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionShapeError';
  }
}

let lastId = 0;
/** Keys for React lists; unique within the page's lifetime. */
const nextId = () => `n${++lastId}`;

export const group = (
  combinator: Combinator,
  children: ConditionNode[] = [],
  negated = false
): GroupNode => ({
  kind: 'group',
  id: nextId(),
  combinator,
  negated,
  children,
});

export const comparison = (path: string, operator: string, value: unknown): ComparisonNode => ({
  kind: 'comparison',
  id: nextId(),
  path,
  operator,
  value,
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------------------------------------
// JSON → tree

/** The builder's tree of a stored condition; the root is always a group. Throws ConditionShapeError. */
export function conditionToTree(condition: unknown): GroupNode {
  const node = toNode(condition ?? {});
  return node.kind === 'group' ? node : group('and', [node]);
}

function toNode(condition: unknown): ConditionNode {
  if (!isPlainObject(condition))
    throw new ConditionShapeError(
      `a condition must be an object, got ${JSON.stringify(condition)}`
    );
  const parts = Object.entries(condition).flatMap(([key, value]) => entryNodes(key, value));
  return parts.length === 1 ? parts[0] : group('and', parts);
}

function entryNodes(key: string, value: unknown): ConditionNode[] {
  if (key === '$and' || key === '$or') {
    if (!Array.isArray(value))
      throw new ConditionShapeError(`${key} must hold a list of conditions`);
    return [group(key === '$and' ? 'and' : 'or', value.map(toNode))];
  }
  if (key === '$not') {
    const inner = toNode(value);
    // "not" belongs to a group; a negated comparison becomes a negated group of one
    return [
      inner.kind === 'group' && !inner.negated
        ? { ...inner, negated: true }
        : group('and', [inner], true),
    ];
  }
  if (key.startsWith('$'))
    throw new ConditionShapeError(`${key} must be applied to a context path`);
  if (isPlainObject(value)) {
    const operators = Object.entries(value);
    if (operators.length === 0) throw new ConditionShapeError(`no operator given for '${key}'`);
    return operators.map(([operator, operand]) => comparison(key, operator, operand));
  }
  // the shorthand {"channel": "email"} means $eq
  return [comparison(key, '$eq', value)];
}

// ---------------------------------------------------------------------------------------------
// tree → JSON

/**
 * The condition JSON of a tree, as short as the vocabulary allows: an "all of" group becomes one
 * object when its parts name different keys (operators on one path are merged), else an $and
 * list; a group of one is its child; an empty "all of" is {} (always true).
 */
export function treeToCondition(node: ConditionNode): Condition {
  if (node.kind === 'comparison') return { [node.path]: { [node.operator]: node.value } };
  const parts = node.children.map(treeToCondition);
  const combined = node.combinator === 'and' || parts.length === 1 ? allOf(parts) : { $or: parts };
  return node.negated ? { $not: combined } : combined;
}

function allOf(parts: Condition[]): Condition {
  const merged: Condition = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (!(key in merged)) merged[key] = value;
      else if (canMergeOperators(key, merged[key], value))
        merged[key] = { ...(merged[key] as object), ...(value as object) };
      else return { $and: parts };
    }
  }
  return merged;
}

/** Two operator objects on one path merge when they use different operators ({"$gte": 2} and {"$lte": 5}). */
function canMergeOperators(key: string, left: unknown, right: unknown): boolean {
  if (key.startsWith('$') || !isPlainObject(left) || !isPlainObject(right)) return false;
  return Object.keys(right).every((operator) => !(operator in left));
}

// ---------------------------------------------------------------------------------------------
// Editing helpers

/** The tree with the node of this id replaced by `replace(node)` (or removed when it returns null). */
export function updateNode(
  root: GroupNode,
  id: string,
  replace: (node: ConditionNode) => ConditionNode | null
): GroupNode {
  const visit = (node: ConditionNode): ConditionNode | null => {
    if (node.id === id) return replace(node);
    if (node.kind === 'comparison') return node;
    const children = node.children
      .map(visit)
      .filter((child): child is ConditionNode => child !== null);
    return { ...node, children };
  };
  return (visit(root) as GroupNode | null) ?? group('and');
}

/** A sensible first operand for an operator, keeping what fits of the previous operand. */
export function operandFor(kind: OperandKind, type: PathType, previous?: unknown): unknown {
  const first = Array.isArray(previous) ? previous[0] : previous;
  const single =
    typeof first === type ? first : type === 'number' ? 0 : type === 'boolean' ? true : '';
  switch (kind) {
    case 'flag':
      return true;
    case 'list':
      return Array.isArray(previous) &&
        previous.every((item) => typeof item === type) &&
        previous.length > 0
        ? previous
        : single === ''
          ? []
          : [single];
    case 'range':
      return Array.isArray(previous) &&
        previous.length === 2 &&
        previous.every((item) => typeof item === type)
        ? previous
        : [single, single];
    case 'text':
      return typeof first === 'string' ? first : '';
    default:
      return single;
  }
}
