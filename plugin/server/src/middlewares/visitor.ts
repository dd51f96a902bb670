/**
 * Resolves the visitor of every Content API request: signed first-party id from the cookie or
 * the X-CXM-Visitor header (anything unverifiable is a new visitor), then its contact and
 * visit. Afterwards it issues the cookie and marks personalized responses private.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { newVisitorId, signVisitorId, verifyVisitorId } from '../core/signing';
import type { ArrivalInfo, Visitor } from '../services/tracking';

export interface RequestPersonalization {
  visitor: Visitor;
  /** `X-CXM-Variant` entries: `<uid>/<documentId>=<rule name | default>` */
  variants: string[];
  /** set when the response depends on the visitor */
  personalized: boolean;
}

const UTM_FIELDS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
const MAX_URL_LENGTH = 2048;

export function personalizationOf(ctx: Context | undefined): RequestPersonalization | undefined {
  return ctx?.state?.cxm as RequestPersonalization | undefined;
}

function parseUrl(value: string | undefined): URL | null {
  if (!value || value.length > MAX_URL_LENGTH) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function arrivalOf(ctx: Context): ArrivalInfo {
  const page = parseUrl(ctx.get('X-CXM-Page-Url'));
  const referrer = parseUrl(ctx.get('X-CXM-Referrer'));
  const utm: Record<string, string> = {};
  for (const field of UTM_FIELDS) {
    const fromQuery = ctx.query[`utm_${field}`];
    const value = typeof fromQuery === 'string' ? fromQuery : page?.searchParams.get(`utm_${field}`);
    if (value) utm[field] = value.slice(0, 200);
  }
  const languages = (ctx.acceptsLanguages() as string[]).filter((lang) => lang !== '*').slice(0, 10).map((lang) => lang.slice(0, 20));
  return {
    referrer: referrer?.href ?? null,
    utm,
    landingPath: page ? page.pathname.slice(0, 500) : null,
    languages,
  };
}

export function createVisitorMiddleware(strapi: Core.Strapi) {
  const prefix = `${strapi.config.get<string>('api.rest.prefix', '/api')}/`;
  const settings = () => strapi.plugin('cxm').service('settings').get();

  return async function cxmVisitor(ctx: Context, next: Next) {
    if (!ctx.path.startsWith(prefix)) return next();
    const { cookieName, headerName, secret, cookieMaxAgeDays, consent } = settings();
    const fromHeader = ctx.get(headerName);
    const presented = fromHeader || ctx.cookies.get(cookieName);
    const knownId = verifyVisitorId(presented, secret);
    const untracked =
      (consent.mode === 'opt-in' && !knownId) ||
      (consent.honorDoNotTrack && ctx.get('DNT') === '1') ||
      (consent.honorGlobalPrivacyControl && ctx.get('Sec-GPC') === '1');
    if (untracked) return next();

    const visitorId = knownId ?? newVisitorId();
    const visitor = await strapi.plugin('cxm').service('tracking').resolve(visitorId, arrivalOf(ctx), Date.now());
    const state: RequestPersonalization = { visitor, variants: [], personalized: false };
    ctx.state.cxm = state;

    await next();

    const signed = signVisitorId(visitor.contact.visitorId, secret);
    if (signed !== presented) {
      ctx.cookies.set(cookieName, signed, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.secure,
        maxAge: cookieMaxAgeDays * 86_400_000,
        overwrite: true,
      });
      // Server-side renderers and apps that use the header learn their (new) id here.
      ctx.set(headerName, signed);
    }
    ctx.vary('Cookie');
    ctx.vary(headerName);
    if (state.personalized) ctx.set('Cache-Control', 'private, no-cache');
    if (state.variants.length > 0) ctx.set('X-CXM-Variant', state.variants.join(', '));
  };
}
