/** A parsed condition turned into closures once, so serving a request never walks JSON. */
import type { ContextReader } from '../visitor-context';
import { BASE_CATALOG, type PathCatalog } from './catalog';
import { parseOrThrow, type ConditionNode } from './parse';

export type CompiledCondition = (read: ContextReader) => boolean;

/** Throws RuleValidationError when the condition is invalid. */
export function compileCondition(
  condition: unknown,
  catalog: PathCatalog = BASE_CATALOG
): CompiledCondition {
  return compileNode(parseOrThrow(condition, catalog));
}

const always: CompiledCondition = () => true;

export function compileNode(node: ConditionNode): CompiledCondition {
  switch (node.kind) {
    case 'and': {
      const parts = node.children.map(compileNode);
      if (parts.length === 0) return always;
      if (parts.length === 1) return parts[0];
      return (read) => {
        for (let i = 0; i < parts.length; i++) if (!parts[i](read)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.children.map(compileNode);
      if (parts.length === 1) return parts[0];
      return (read) => {
        for (let i = 0; i < parts.length; i++) if (parts[i](read)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileNode(node.child);
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
