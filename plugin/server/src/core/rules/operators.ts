/**
 * The leaf operators of Strapi's REST filters as they apply to one context value: which operand
 * each takes, which paths it applies to, and the test it becomes.
 */
import type { PathSpec } from './catalog';

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
export type OperandKind = (typeof OPERAND_KINDS)[LeafOperator];
export const LEAF_OPERATORS = Object.keys(OPERAND_KINDS) as LeafOperator[];
export const LOGICAL_OPERATORS = ['$and', '$or', '$not'];

/** Negative operators are the negation of a positive one, so a missing value satisfies them. */
const NEGATIONS = { $ne: '$eq', $notIn: '$in', $notContains: '$contains' } as const;
type NegativeOperator = keyof typeof NEGATIONS;
type PositiveOperator = Exclude<LeafOperator, NegativeOperator | '$null' | '$notNull'>;

export function isLeafOperator(key: string): key is LeafOperator {
  return Object.hasOwn(OPERAND_KINDS, key);
}

function isNegative(operator: LeafOperator): operator is NegativeOperator {
  return Object.hasOwn(NEGATIONS, operator);
}

export const operandKind = (operator: LeafOperator): OperandKind => OPERAND_KINDS[operator];

/** The operators a threshold path offers first, in this order. */
const THRESHOLD_FIRST: Record<NonNullable<PathSpec['threshold']>, LeafOperator[]> = {
  min: ['$gte', '$gt', '$lte', '$lt', '$between'],
  max: ['$lte', '$lt', '$gte', '$gt', '$between'],
};

/**
 * The leaf operators that apply to a path (the same checks as the parser's), with the operand
 * each takes; the comparisons with a threshold first on threshold paths.
 */
export function operatorsFor(
  pathSpec: PathSpec
): Array<{ operator: LeafOperator; operand: OperandKind }> {
  const first = pathSpec.threshold ? THRESHOLD_FIRST[pathSpec.threshold] : [];
  const ordered = [...first, ...LEAF_OPERATORS.filter((operator) => !first.includes(operator))];
  return ordered
    .filter((operator) => {
      const kind = OPERAND_KINDS[operator];
      if (kind === 'text') return pathSpec.type === 'string';
      if (kind === 'ordered' || kind === 'range') return pathSpec.type !== 'boolean';
      return true;
    })
    .map((operator) => ({ operator, operand: OPERAND_KINDS[operator] }));
}

export type ValueTest = (value: unknown) => boolean;

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

/** The test of one comparison on a path's value; the operand must have been checked. */
export function valueTest(operator: LeafOperator, operand: unknown, pathSpec: PathSpec): ValueTest {
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
