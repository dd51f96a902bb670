/**
 * The words of rule issues: how they quote user input (clipped, so a huge key cannot flood the
 * issue list) and describe values, and the texts for an unknown path, prefix name, operator or
 * value, each with "did you mean" when a known one is near.
 */
import { matchPrefix } from '../context-paths';
import { LEAF_OPERATORS, LOGICAL_OPERATORS } from './operators';
import type { PathCatalog, PathSpec, PrefixSpec } from './catalog';

const MAX_QUOTED_LENGTH = 80;
const MAX_LISTED = 10;
const MAX_SUGGESTION_DISTANCE = 2;

export function clip(text: string): string {
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH - 1)}…` : text;
}

/** Quotes user input for messages, clipped. */
export function quote(text: string): string {
  return `'${clip(text)}'`;
}

/** What a value is, for "expects …, got <description>". */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(clip(value))}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}

/** The first names of a list, comma-separated, with … when there are more. */
export function listed(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).join(', ');
  return names.length > MAX_LISTED ? `${shown}, …` : shown;
}

/** "did you mean '<candidate>'?" for the candidate nearest to `input`, if one is near enough. */
export function suggestion(candidates: readonly string[], input: string): string | undefined {
  const nearest = closest(candidates, input);
  return nearest === undefined ? undefined : `did you mean '${nearest}'?`;
}

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

/** "<head>; <reason>", or the head alone. */
const because = (head: string, reason: string | undefined) =>
  reason ? `${head}; ${reason}` : head;

export function unknownPathMessage(catalog: PathCatalog, path: string): string {
  const head = `unknown context path ${quote(path)}`;
  // 'scores' alone is a prefix without its name.
  const match = matchPrefix(catalog.prefixes, path) ?? matchPrefix(catalog.prefixes, `${path}.`);
  const reason = match
    ? nameProblem(match.prefix, match.entry, match.name)
    : suggestion(Object.keys(catalog.exact), path);
  return because(head, reason);
}

/** What is wrong with the name after a prefix ('scores.' + 'limosine'); undefined when it is valid. */
export function nameProblem(
  prefix: string,
  prefixSpec: PrefixSpec,
  name: string
): string | undefined {
  if (name === '') return `a name must follow '${prefix}'`;
  // A format says all about the name's shape: a point has decimal dots (geo.distanceKm.49.45,11.08).
  if (prefixSpec.nameFormat) {
    if (!prefixSpec.nameFormat.pattern.test(name))
      return `the name after '${prefix}' must be ${prefixSpec.nameFormat.hint}`;
  } else if (name.includes('.')) {
    return `the name after '${prefix}' cannot contain dots`;
  }
  // a free name such as contact.attributes.__proto__ could only ever read Object.prototype
  if (!prefixSpec.names && name in Object.prototype)
    return `the name after '${prefix}' cannot be '${name}', a built-in property of every object`;
  if (prefixSpec.names && !prefixSpec.names.includes(name)) {
    const fullNames = prefixSpec.names.map((known) => `${prefix}${known}`);
    return (
      suggestion(fullNames, `${prefix}${name}`) ??
      (prefixSpec.names.length === 0
        ? `no names are configured for '${prefix}'`
        : `'${prefix}' accepts: ${listed(prefixSpec.names)}`)
    );
  }
  return undefined;
}

/** `nestedIsPath`: whether `<path>.<operator>` names a path, as for {"geo": {"country": …}}. */
export function unknownOperatorMessage(
  path: string,
  operator: string,
  nestedIsPath: boolean
): string {
  const head = `unknown operator ${quote(operator)} on ${quote(path)}`;
  if (LOGICAL_OPERATORS.includes(operator)) {
    const inner = `{${JSON.stringify(clip(path))}: …}`;
    const example = operator === '$not' ? inner : `[${inner}, …]`;
    return `${head}; ${operator} combines conditions and goes outside the path, e.g. {"${operator}": ${example}}`;
  }
  if (!operator.startsWith('$')) {
    const nested = `${path}.${operator}`;
    return nestedIsPath
      ? `${head}; write nested paths with dots: '${nested}'`
      : `${head}; operators start with '$'`;
  }
  return because(head, suggestion(LEAF_OPERATORS, operator));
}

/** The issue of an operand outside the path's known values (a persona, a goal); undefined when known. */
export function unknownValueMessage(value: string, pathSpec: PathSpec): string | undefined {
  const allowed = pathSpec.allowedValues;
  if (!allowed || allowed.values.includes(value)) return undefined;
  return because(`unknown ${allowed.kind} ${quote(value)}`, suggestion(allowed.values, value));
}
