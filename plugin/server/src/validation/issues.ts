import type { RuleIssue } from '../core/rules';

/** A zod error as the `{ path, message }` issues every 400 of the admin API lists. */
export const zodIssues = (error: { issues: Array<{ path: PropertyKey[]; message: string }> }): RuleIssue[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
