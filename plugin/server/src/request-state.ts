/**
 * What the visitor middleware keeps of a Content API request on `ctx.state`, and the one
 * function that writes each part. The middleware creates it; the Document Service middleware
 * and the visitor-facing controllers add to it; the middleware turns it into the response's
 * cookie and headers after the route ran.
 */
import type { Context } from 'koa';
import type { Visitor } from './services/visitors/records';

export interface TrackedRequest {
  visitor: Visitor;
  /** the request presented a valid signed visitor id (cookie or header) */
  idPresented: boolean;
  /** `X-CXM-Variant` entries: `<uid>/<documentId>=<label>` */
  variants: string[];
  /** set when the response depends on the visitor */
  personalized: boolean;
  /** a GraphQL request: its resolvers read relations after the Document Service returned the entries */
  graphql: boolean;
}

/** A request to be tracked once the route accepted its input, and who sends it: what a rate limit needs before. */
export interface DeferredTracking {
  /** the valid signed visitor id the request presented, if any */
  visitorId: string | null;
  /** the sender's address (behind a trusted proxy: the client's), never stored; resolved on demand */
  clientAddress(): string | null;
  start(): Promise<TrackedRequest>;
}

/** A request not tracked for want of consent (opt-in mode, or a refusal), from a visitor who may give it now. */
export interface PendingConsent {
  /** tracks the visitor from this request on, with the consent given */
  start(consent: string): Promise<TrackedRequest>;
}

interface CxmState {
  cxm?: TrackedRequest;
  /** tracks this request once the route accepted its input */
  cxmDeferred?: DeferredTracking;
  cxmPendingConsent?: PendingConsent;
  /** the visitor refused consent in this request: the middleware drops the cookie and remembers the refusal */
  cxmRefused?: boolean;
  /** the visitor was erased in this request: the middleware drops the cookie */
  cxmForgotten?: boolean;
  /** the variants that list reads of this request left out, by the reads' filters object */
  cxmLeftOut?: Map<object, LeftOutOfList>;
}

/**
 * A list read of this request that returned every match: how many variants it left out, for
 * the count that follows it with the same filters (the same object: Strapi's REST API passes it
 * to both). Kept with the request, not in a table keyed by the filters: a scavenge treats a weak
 * table's values as live, so each entry there held a finished request's whole context (its
 * answer included) over the next young-generation collection, ~9 KB copied per request.
 */
export interface LeftOutOfList {
  uid: string;
  locale: unknown;
  status: unknown;
  count: number;
}

const stateOf = (ctx: Context): CxmState => ctx.state as CxmState;

/** The tracked visitor of this request; undefined when it is not tracked (bot, no consent, not a Content API request). */
export function trackedRequestOf(ctx: Context | undefined): TrackedRequest | undefined {
  return ctx ? stateOf(ctx).cxm : undefined;
}

/** The middleware: this request is tracked as `visitor`. */
export function startTracking(
  ctx: Context,
  visitor: Visitor,
  request: Pick<TrackedRequest, 'idPresented' | 'graphql'>
): TrackedRequest {
  const tracked: TrackedRequest = { visitor, ...request, variants: [], personalized: false };
  stateOf(ctx).cxm = tracked;
  return tracked;
}

/**
 * The middleware: this request is tracked only once the route accepted its input (an event
 * post), so that a refused one makes no contact, starts no visit and sets no cookie.
 */
export function deferTracking(ctx: Context, deferred: DeferredTracking): void {
  stateOf(ctx).cxmDeferred = deferred;
}

/** The request whose tracking waits for the route to accept its input; undefined when it is not tracked. */
export function deferredTrackingOf(ctx: Context): DeferredTracking | undefined {
  return stateOf(ctx).cxmDeferred;
}

/** The route accepted the input: the tracked visitor of this request, its deferred tracking started now. */
export function startDeferredTracking(
  ctx: Context,
  deferred: DeferredTracking
): Promise<TrackedRequest> {
  delete stateOf(ctx).cxmDeferred;
  return deferred.start();
}

/** The response depends on the visitor: it must not be shared by caches. */
export function markPersonalized(tracked: TrackedRequest): void {
  tracked.personalized = true;
}

/** The Document Service middleware: what was served in place of a document, for `X-CXM-Variant`. */
export function addServedVariant(tracked: TrackedRequest, entry: string): void {
  tracked.variants.push(entry);
}

/** The middleware: this request may start tracking if it gives consent. */
export function awaitConsent(ctx: Context, pending: PendingConsent): void {
  stateOf(ctx).cxmPendingConsent = pending;
}

export function pendingConsentOf(ctx: Context): PendingConsent | undefined {
  return stateOf(ctx).cxmPendingConsent;
}

/** The visitor refused consent: this request is no longer tracked. */
export function refuseTracking(ctx: Context): void {
  const state = stateOf(ctx);
  delete state.cxm;
  delete state.cxmPendingConsent;
  state.cxmRefused = true;
}

export function trackingRefused(ctx: Context): boolean {
  return stateOf(ctx).cxmRefused === true;
}

/** The visitor was erased: this request is no longer tracked and its cookie goes. */
export function forgetVisitor(ctx: Context): void {
  const state = stateOf(ctx);
  delete state.cxm;
  delete state.cxmPendingConsent;
  state.cxmForgotten = true;
}

export function visitorForgotten(ctx: Context): boolean {
  return stateOf(ctx).cxmForgotten === true;
}

/** Variant exclusion: a list read of this request with `filters` left these variants out. */
export function rememberLeftOut(ctx: Context, filters: object, leftOut: LeftOutOfList): void {
  const state = stateOf(ctx);
  (state.cxmLeftOut ??= new Map()).set(filters, leftOut);
}

export function leftOutOf(ctx: Context, filters: object): LeftOutOfList | undefined {
  return stateOf(ctx).cxmLeftOut?.get(filters);
}
