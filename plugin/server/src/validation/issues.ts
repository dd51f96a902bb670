import type { Context } from 'koa';
import type { z } from 'zod';
import type { Issue } from '../core/issues';
import { describeIssues } from './definitions';

/** A zod error as the `errors` of a 400 response: each problem with the path of the input it is about. */
export const issuesOf = (error: {
  issues: Array<{ path: PropertyKey[]; message: string }>;
}): Issue[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));

/** Answers 400 `Invalid <what>: <path>: <problem>; …` with the issues as details. */
export function refuse(ctx: Context, what: string, issues: Issue[]): void {
  ctx.badRequest(`Invalid ${what}: ${describeIssues(issues)}`, { errors: issues });
}

/** The parsed input, or null after answering 400 naming every problem. */
export function parseInput<S extends z.ZodType>(
  ctx: Context,
  schema: S,
  input: unknown,
  what: string
): z.output<S> | null {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  refuse(ctx, what, issuesOf(parsed.error));
  return null;
}
