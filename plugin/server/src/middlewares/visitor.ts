/**
 * Resolves the visitor of every Content API request (REST, and GraphQL when the app has it):
 * signed first-party id from the cookie or the X-CXM-Visitor header (anything unverifiable is a
 * new visitor), then its contact and visit. Afterwards it issues the cookie and marks
 * personalized responses private. Without consent (opt-in mode, or a refusal) nothing is stored
 * unless the request gives it.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { createVisitorIdVerifier, newVisitorId, signVisitorId } from '../core/signing';
import { clientIp, forwardedHttps } from '../core/client-ip';
import { describeDevice, isBot } from '../core/device';
import { ARRIVAL_PARAMS } from '../core/channels';
import type { Arrival, Visitor } from '../services/visitors/records';
import {
  awaitConsent,
  deferTracking,
  startTracking,
  trackedRequestOf,
  trackingRefused,
  visitorForgotten,
  type TrackedRequest,
} from '../request-state';
import { getService } from '../get-service';
import { createApiTokenCheck } from './api-token-check';

const MAX_URL_LENGTH = 2048;
const MAX_PARAM_LENGTH = 200;
/** Method-and-path pairs whose route match is remembered; a flood of made-up paths only clears it. */
const ROUTE_MATCHES_MAX = 5_000;
/** Signed visitor ids whose verdicts are kept (each of the most recent visitors presents the same one on every request). */
const KEPT_VISITOR_IDS = 2_000;

/**
 * The visitor's User-Agent that a frontend's server forwards when it calls with its own (events,
 * identify): device and bot filter read it in place of the request's.
 */
const FORWARDED_USER_AGENT = 'X-CXM-User-Agent';

/** The visitor's User-Agent: forwarded by a frontend's server, else the request's own. */
const visitorUserAgent = (ctx: Context) =>
  ctx.get(FORWARDED_USER_AGENT) || ctx.get('User-Agent') || undefined;

/** The cookie that remembers a refusal: no id, only the word `none`, so that implied consent does not track the visitor again. */
const refusalCookieName = (cookieName: string) => `${cookieName}_consent`;

/** `secure`: the visitor's connection is HTTPS (to Strapi, or to the trusted proxy in front of it). */
function cookieOptions(ctx: Context, maxAgeDays: number, secure: boolean) {
  // Koa's cookies refuse a Secure cookie on a plain connection unless told the client's is secure
  if (secure) ctx.cookies.secure = true;
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure,
    maxAge: maxAgeDays * 86_400_000,
    overwrite: true,
    signed: false,
  };
}

/**
 * Options of a cookie removal. The plugin's cookies carry their own signature (the visitor id's
 * HMAC) or none that matters (the refusal's `none`): Koa, given the app's keys, would add and
 * remove a redundant `<name>.sig` cookie with each of them.
 */
const REMOVAL = { overwrite: true, signed: false };

function parseUrl(value: string | undefined): URL | null {
  if (!value || value.length > MAX_URL_LENGTH) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Arrival parameters from the landing page URL the frontend forwards, else from the API request's own query. */
function arrivalParams(ctx: Context, page: URL | null): Record<string, string> {
  const entries: Array<[string, unknown]> = page
    ? [...page.searchParams.entries()]
    : Object.entries(ctx.query);
  const params: Record<string, string> = {};
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    if (ARRIVAL_PARAMS.has(key) && typeof value === 'string' && value)
      params[key] = value.slice(0, MAX_PARAM_LENGTH);
  }
  return params;
}

export function createVisitorMiddleware(strapi: Core.Strapi) {
  const prefix = `${strapi.config.get<string>('api.rest.prefix', '/api')}/`;
  // the admin never reads content through it; null without the GraphQL plugin
  const graphqlPath = strapi.plugin('graphql')
    ? strapi.config.get<string>('plugin::graphql.endpoint', '/graphql')
    : null;
  /** Posts whose input the route checks first: a refused one makes no contact and counts no visit. */
  const trackedOnceAccepted = new Set(
    ['events', 'identify', 'consent'].map((route) => `${prefix}cxm/${route}`)
  );
  const koaTrustsProxy = !!strapi.config.get('server.proxy.koa');
  const settings = () => getService(strapi, 'settings').get();
  const hasApiToken = createApiTokenCheck(strapi);
  const routeMatches = new Map<string, boolean>();

  /** Whether a Content API route answers this method and path: a request to no route (a 404) tracks nothing. */
  function isRoute(ctx: Context): boolean {
    const key = `${ctx.method} ${ctx.path}`;
    let matched = routeMatches.get(key);
    if (matched === undefined) {
      if (routeMatches.size >= ROUTE_MATCHES_MAX) routeMatches.clear();
      // the Content API's own routes: Strapi's static file route answers every other GET path
      matched = strapi.server
        .api('content-api')
        .listRoutes()
        .some((layer) => layer.methods.includes(ctx.method) && layer.match(ctx.path));
      routeMatches.set(key, matched);
    }
    return matched;
  }

  let verifier:
    { secrets: readonly string[]; verify: (signed: unknown) => string | null } | undefined;
  /** The visitor id of a signed value, with the verdicts kept until the secrets change. */
  function verifiedVisitorId(signed: unknown, secrets: readonly string[]): string | null {
    if (verifier?.secrets !== secrets)
      verifier = { secrets, verify: createVisitorIdVerifier(secrets, KEPT_VISITOR_IDS) };
    return verifier.verify(signed);
  }

  /**
   * A frontend's server calling with an API token and no forwarded User-Agent: its own User-Agent
   * (Node's default is `node`) says nothing about the visitor, so the bot filter does not read
   * it. A crawler's User-Agent it forwards is still a crawler's.
   */
  const isServerOwnAgent = async (ctx: Context) =>
    !ctx.get(FORWARDED_USER_AGENT) && (await hasApiToken(ctx));

  function requestIp(ctx: Context): string | null {
    // With Strapi's proxy setting on, Koa already resolved the client from X-Forwarded-For.
    if (koaTrustsProxy) return clientIp({ remoteAddress: ctx.request.ip, trustedProxies: [] });
    return clientIp({
      remoteAddress: ctx.req.socket.remoteAddress,
      forwardedFor: ctx.get('X-Forwarded-For') || undefined,
      forwarded: ctx.get('Forwarded') || undefined,
      trustedProxies: settings().trustedProxies,
    });
  }

  function isSecure(ctx: Context): boolean {
    if (ctx.secure) return true;
    return forwardedHttps({
      remoteAddress: ctx.req.socket.remoteAddress,
      forwardedProto: ctx.get('X-Forwarded-Proto') || undefined,
      trustedProxies: settings().trustedProxies,
    });
  }

  /** After a refusal in this request: its cookie goes and the refusal is remembered. Returns whether it refused. */
  function rememberRefusal(ctx: Context, cookieName: string, maxAgeDays: number): boolean {
    if (!trackingRefused(ctx)) return false;
    ctx.cookies.set(cookieName, null, REMOVAL);
    ctx.cookies.set(
      refusalCookieName(cookieName),
      'none',
      cookieOptions(ctx, maxAgeDays, isSecure(ctx))
    );
    return true;
  }

  function describeArrival(ctx: Context): Arrival {
    const page = parseUrl(ctx.get('X-CXM-Page-Url'));
    const referrer = parseUrl(ctx.get('X-CXM-Referrer'));
    const languages = (ctx.acceptsLanguages() as string[])
      .filter((lang) => lang !== '*')
      .slice(0, 10)
      .map((lang) => lang.slice(0, 20));
    return {
      referrer: referrer?.href ?? null,
      params: arrivalParams(ctx, page),
      landingPath: page ? page.pathname.slice(0, 500) : null,
      languages,
      geo: getService(strapi, 'geoip').lookup(requestIp(ctx)),
      ...describeDevice(visitorUserAgent(ctx)),
    };
  }

  const startTrackingAs = (ctx: Context, knownId: string | null, visitor: Visitor) =>
    startTracking(ctx, visitor, {
      idPresented: !!knownId,
      graphql: ctx.path === graphqlPath,
    });

  /** Tracks the request; at once (no promise) when its visitor is cached, as most are. */
  function track(
    ctx: Context,
    knownId: string | null,
    consent?: string
  ): TrackedRequest | Promise<TrackedRequest> {
    const visitor = getService(strapi, 'visitors').resolve(
      knownId ?? newVisitorId(),
      () => describeArrival(ctx),
      Date.now(),
      { consent, idPresented: !!knownId }
    );
    return visitor instanceof Promise
      ? visitor.then((resolved) => startTrackingAs(ctx, knownId, resolved))
      : startTrackingAs(ctx, knownId, visitor);
  }

  return async function cxmVisitor(ctx: Context, next: Next) {
    if (ctx.path !== graphqlPath && (!ctx.path.startsWith(prefix) || !isRoute(ctx))) return next();
    const { cookieName, headerName, secret, secrets, cookieMaxAgeDays, consent } = settings();
    const presented = ctx.get(headerName) || ctx.cookies.get(cookieName);
    const knownId = verifiedVisitorId(presented, secrets);
    const untracked =
      (consent.honorDoNotTrack && ctx.get('DNT') === '1') ||
      (consent.honorGlobalPrivacyControl && ctx.get('Sec-GPC') === '1') ||
      (isBot(visitorUserAgent(ctx)) && !(await isServerOwnAgent(ctx)));
    if (untracked) {
      await next();
      rememberRefusal(ctx, cookieName, cookieMaxAgeDays);
      return;
    }

    const refused = ctx.cookies.get(refusalCookieName(cookieName)) === 'none';
    if (refused || (consent.mode === 'opt-in' && !knownId)) {
      // Nothing is stored and no cookie is set unless this very request gives consent (POST /api/cxm/consent).
      awaitConsent(ctx, { start: async (given) => track(ctx, knownId, given) });
    } else if (ctx.method === 'POST' && trackedOnceAccepted.has(ctx.path)) {
      deferTracking(ctx, {
        visitorId: knownId,
        clientAddress: () => requestIp(ctx),
        start: async () => track(ctx, knownId),
      });
    } else {
      const tracking = track(ctx, knownId);
      if (tracking instanceof Promise) await tracking;
    }

    await next();

    if (rememberRefusal(ctx, cookieName, cookieMaxAgeDays)) return;
    if (visitorForgotten(ctx)) {
      ctx.cookies.set(cookieName, null, REMOVAL);
      return;
    }
    const state = trackedRequestOf(ctx);
    if (!state) return;
    // a new visitor or a forged id; a device merged into a known contact keeps its own id, which resolves to that contact
    const deviceId = state.visitor.visit.visitorId;
    if (deviceId !== knownId) {
      const signed = signVisitorId(deviceId, secret);
      ctx.cookies.set(cookieName, signed, cookieOptions(ctx, cookieMaxAgeDays, isSecure(ctx)));
      // Server-side renderers and apps that use the header learn their (new) id here.
      ctx.set(headerName, signed);
    }
    if (refused) ctx.cookies.set(refusalCookieName(cookieName), null, REMOVAL);
    ctx.vary(['Cookie', headerName]);
    if (state.personalized) ctx.set('Cache-Control', 'private, no-cache');
    // an entry related from several places of the response is named once
    if (state.variants.length > 0)
      ctx.set('X-CXM-Variant', [...new Set(state.variants)].join(', '));
  };
}
