/**
 * The catalog of context paths rules may name: BASE_CATALOG as core/context-paths defines it,
 * narrowed to a project's profile keys, personas and goals, and the lookup of one path.
 */
import { CONTEXT_PATHS, matchPrefix, type PathSpec, type PrefixSpec } from '../context-paths';
import { nameProblem } from './messages';

export type { PathSpec, PathType, PrefixSpec, TextFormat } from '../context-paths';

export interface PathCatalog {
  /** exact paths, e.g. 'persona', 'geo.country' */
  exact: Record<string, PathSpec>;
  /** prefix paths whose last segment is a name, e.g. 'scores.' -> 'scores.limousine'; `names` (if given) limits the allowed names */
  prefixes: Record<string, PrefixSpec>;
}

const specsOf = <S>(entries: Readonly<Record<string, { spec: S }>>): Record<string, S> =>
  Object.fromEntries(Object.entries(entries).map(([path, entry]) => [path, entry.spec]));

export const BASE_CATALOG: PathCatalog = {
  exact: specsOf(CONTEXT_PATHS.exact),
  prefixes: specsOf(CONTEXT_PATHS.prefixes),
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
  const match = matchPrefix(catalog.prefixes, path);
  return match && nameProblem(match.prefix, match.entry, match.name) === undefined
    ? match.entry
    : undefined;
}
