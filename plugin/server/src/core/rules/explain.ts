/** "Why this variant": a condition evaluated against one visitor, every comparison with its value. */
import type { ContextReader } from '../visitor-context';
import { BASE_CATALOG, type PathCatalog } from './catalog';
import { parseOrThrow, type ConditionNode } from './parse';

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
