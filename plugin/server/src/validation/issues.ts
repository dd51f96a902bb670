import type { Context } from 'koa';
import type { z } from 'zod';
import type { RuleIssue } from '../core/rules';
import { describeIssues } from './definitions';

export const issuesOf = (error: z.ZodError): RuleIssue[] => error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

/** Answers 400 `Invalid <what>: <path>: <problem>; …` with the issues as details. */
export function refuse(ctx: Context, what: string, issues: RuleIssue[]): void {
  ctx.badRequest(`Invalid ${what}: ${describeIssues(issues)}`, { errors: issues });
}

/** The parsed input, or null after answering 400 naming every problem. */
export function parseInput<S extends z.ZodType>(ctx: Context, schema: S, input: unknown, what: string): z.output<S> | null {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  refuse(ctx, what, issuesOf(parsed.error));
  return null;
}
