/**
 * A service's "no" to an admin request: 400, 403 or 409 answered exactly as Koa's
 * `ctx.badRequest` / `ctx.forbidden` / `ctx.conflict` answer, which the admin and its API clients
 * know. Strapi's own `errors.*` cannot say 409, their 400 is a ValidationError, and Strapi's router
 * answers their ForbiddenError without its message; a 404 is thrown as Strapi's
 * `errors.NotFoundError`, whose answer is the same as `ctx.notFound`'s.
 */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import type { RuleIssue } from './core/rules';
import { describeIssues } from './validation/definitions';

const NAMES = { 400: 'BadRequestError', 403: 'ForbiddenError', 409: 'ConflictError' } as const;
type Status = keyof typeof NAMES;

export class Refusal extends errors.ApplicationError<
  (typeof NAMES)[Status],
  string,
  Record<string, unknown>
> {
  constructor(
    readonly status: Status,
    message: string,
    details: Record<string, unknown> = {}
  ) {
    super(message, details);
    this.name = NAMES[status];
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new Refusal(400, message, details);

export const forbidden = (message: string) => new Refusal(403, message);

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new Refusal(409, message, details);

/** 400 `Invalid <what>: <path>: <problem>; …` with the issues as details (as validation/issues' refuse). */
export const invalid = (what: string, issues: RuleIssue[]) =>
  badRequest(`Invalid ${what}: ${describeIssues(issues)}`, { errors: issues });

type Handler = (ctx: Context) => unknown;

/** The controller's handlers, each answering a Refusal its service throws with that status. */
export function answeringRefusals<Handlers extends Record<string, Handler>>(
  handlers: Handlers
): Handlers {
  const wrapped = Object.entries(handlers).map(([name, handler]) => [
    name,
    async (ctx: Context) => {
      try {
        return await handler(ctx);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        if (error.status === 409) ctx.conflict(error.message, error.details);
        else if (error.status === 403) ctx.forbidden(error.message, error.details);
        else ctx.badRequest(error.message, error.details);
      }
    },
  ]);
  // Object.fromEntries loses the handler names' types; the keys are the same as `handlers`'.
  return Object.fromEntries(wrapped) as Handlers;
}
