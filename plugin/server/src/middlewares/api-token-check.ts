/**
 * Whether a request carries a valid Content API token, known before Strapi authenticates the
 * route (the visitor middleware runs first): a frontend's server calling for its visitors is no
 * crawler, whatever its own User-Agent. Strapi still authenticates and authorizes the route; this
 * only exempts the request from the bot filter. Verdicts are kept briefly per token hash, as a
 * server sends many requests with one token.
 */
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';

const VERDICT_TTL_MS = 5_000;
const MAX_VERDICTS = 1_000;

interface ApiTokenRow {
  kind?: string | null;
  expiresAt?: string | Date | null;
}

interface ApiTokenService {
  hash(accessKey: string): string;
  getByAccessKey?(hash: string): Promise<ApiTokenRow | null>;
  getBy(where: { accessKey: string }): Promise<ApiTokenRow | null>;
}

/** The bearer token of the request, as Strapi's API-token strategy reads it. */
function bearerToken(ctx: Context): string | null {
  const parts = (ctx.get('Authorization') || '').split(/\s+/);
  return parts.length === 2 && parts[0].toLowerCase() === 'bearer' && parts[1] ? parts[1] : null;
}

/** As Strapi's content-api-token strategy: a content-api token (or one from before token kinds) that has not expired. */
const isValidToken = (token: ApiTokenRow | null): boolean =>
  !!token &&
  (token.kind === 'content-api' || token.kind == null) &&
  (token.expiresAt == null || new Date(token.expiresAt) > new Date());

export function createApiTokenCheck(strapi: Core.Strapi) {
  const verdicts = new Map<string, { valid: boolean; expires: number }>();
  // `api-token-content-api` since Strapi 5.x added admin tokens; `api-token` before (and still, deprecated)
  const service = () =>
    (strapi.service('admin::api-token-content-api') ??
      strapi.service('admin::api-token')) as unknown as ApiTokenService;

  return async function hasApiToken(ctx: Context): Promise<boolean> {
    const token = bearerToken(ctx);
    if (!token) return false;
    const tokens = service();
    const hash = tokens.hash(token);
    const now = Date.now();
    const known = verdicts.get(hash);
    if (known && known.expires > now) return known.valid;
    const row = tokens.getByAccessKey
      ? await tokens.getByAccessKey(hash)
      : await tokens.getBy({ accessKey: hash });
    const valid = isValidToken(row);
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(hash, { valid, expires: now + VERDICT_TTL_MS });
    return valid;
  };
}
