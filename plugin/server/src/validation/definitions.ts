/**
 * Checks of definitions as they are saved (Content Manager, admin API, scripts): a malformed
 * rule or tag is refused with a message naming the problem, never discovered at serve time.
 */
import { validateRuleSet, type PathCatalog } from '../core/rules';
import { notAContentType, type Issue } from '../core/issues';
import type { KeyDef } from '../core/scoring';
import { validateExperiment } from '../core/experiments';
import { nameProblemOf } from '../core/text';
import { UIDS } from '../uids';

export interface DefinitionContext {
  catalog: PathCatalog;
  keys: Map<string, KeyDef>;
  goals: Set<string>;
  contentTypeExists(uid: string): boolean;
}

/** `{ <key slug>: number }` with every slug one of `keys` and every value within its key's range. */
export function checkKeyValues(value: unknown, keys: Map<string, KeyDef>, field: string): Issue[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return [
      {
        path: field,
        message: 'must be an object of profile-key slug → number, e.g. {"limousine": 5}',
      },
    ];
  }
  const issues: Issue[] = [];
  for (const [slug, entry] of Object.entries(value)) {
    const key = keys.get(slug);
    if (!key) issues.push({ path: `${field}.${slug}`, message: `unknown profile key '${slug}'` });
    else if (typeof entry !== 'number' || !Number.isFinite(entry))
      issues.push({ path: `${field}.${slug}`, message: 'must be a number' });
    else if (entry < key.min || entry > key.max) {
      issues.push({
        path: `${field}.${slug}`,
        message: `must be between ${key.min} and ${key.max}`,
      });
    }
  }
  return issues;
}

function checkTarget(uid: unknown, context: DefinitionContext, field: string): Issue[] {
  if (uid === undefined) return [];
  return typeof uid === 'string' && context.contentTypeExists(uid)
    ? []
    : [{ path: field, message: notAContentType(uid) }];
}

/** A definition's name is shown to editors: no control characters, bidi overrides or lone surrogates. */
function checkName(name: unknown): Issue[] {
  const problem = typeof name === 'string' ? nameProblemOf(name) : undefined;
  return problem ? [{ path: 'name', message: problem }] : [];
}

/** Issues of the data written to a definition type; only fields present in `data` are checked (partial updates). */
export function validateDefinitionData(
  uid: string,
  data: Record<string, unknown>,
  context: DefinitionContext
): Issue[] {
  return [...checkName(data.name), ...typeIssues(uid, data, context)];
}

function typeIssues(
  uid: string,
  data: Record<string, unknown>,
  context: DefinitionContext
): Issue[] {
  switch (uid) {
    case UIDS.variantRule:
      return [
        ...checkTarget(data.baseUid, context, 'baseUid'),
        ...(data.rules !== undefined
          ? validateRuleSet(data.rules, context.catalog).map((issue) => ({
              ...issue,
              path: `rules${issue.path}`,
            }))
          : []),
      ];
    case UIDS.contentTag:
      return [
        ...checkTarget(data.targetUid, context, 'targetUid'),
        ...(data.keyValues !== undefined
          ? checkKeyValues(data.keyValues, context.keys, 'keyValues')
          : []),
      ];
    case UIDS.experiment:
      return [
        ...checkTarget(data.baseUid, context, 'baseUid'),
        ...validateExperiment(data, context.goals),
      ];
    case UIDS.persona:
      return data.keyValues !== undefined
        ? checkKeyValues(data.keyValues, context.keys, 'keyValues')
        : [];
    default:
      return [];
  }
}

export function describeIssues(issues: Issue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}
