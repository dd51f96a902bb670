/**
 * The Document Service middleware that serves variants: while a Content API request reads a
 * document that has an experiment or variant rules, the document is replaced by what the
 * serving decision (core/serving) picks for the request's visitor, and a first exposure is
 * recorded after it; reading a single tagged document scores a view. Variant documents are no
 * entries of their own for any Content API caller, tracked or not (crawlers): kept out of lists
 * and counts (see variant-exclusion.ts), and not found by their own
 * documentId, as if unpublished. The relations a read
 * populates are served by services/related-entries.
 */
import type { Context } from 'koa';
import type { Core, UID } from '@strapi/strapi';
import { decideServing, DEFAULT_LABEL, type ServingDecision } from '../core/serving';
import { WRITE_ACTIONS } from '../core/document-actions';
import {
  addServedVariant,
  markPersonalized,
  trackedRequestOf,
  type TrackedRequest,
} from '../request-state';
import { documentKey, type Definitions } from './definitions';
import { getService, type Service } from '../get-service';
import { listWithout } from '../variant-exclusion';

/** A document as the Document Service returns it: any fields of its content type. */
type Doc = Record<string, unknown> & { documentId: string };
type Params = Record<string, unknown> & { filters?: unknown };
interface DocumentContext {
  uid: string;
  action: string;
  params: Params;
}

const READS = new Set(['findOne', 'findFirst', 'findMany']);
const LISTS = new Set(['findMany', 'findFirst', 'count']);
/** Params that select documents; the rest (locale, status, fields, populate) must carry over to the variant. */
const SELECTION_PARAMS = [
  'documentId',
  'filters',
  'start',
  'limit',
  'page',
  'pageSize',
  'pagination',
  'sort',
  'lookup',
];

/**
 * Variant documents served recently, so serving a variant costs no extra query. Local writes
 * clear a type's entries at once; the short lifetime bounds staleness after a write on another instance.
 */
const VARIANT_CACHE_TTL_MS = 5_000;
const VARIANT_CACHE_MAX = 2_000;

/**
 * The params objects of the plugin's own reads, which must not be personalized again (a marker
 * on the object itself, not an AsyncLocalStorage: that would tax every promise of the process).
 */
const ownReads = new WeakSet<object>();

/** A request routed to the Content API (REST under /api, and GraphQL), not the admin's Content Manager. */
const isContentApiRequest = (ctx: Context | undefined) =>
  (ctx?.state as { route?: { info?: { type?: string } } } | undefined)?.route?.info?.type ===
  'content-api';

function withoutSelection(params: Params): Params {
  const rest = { ...params };
  for (const name of SELECTION_PARAMS) delete rest[name];
  return rest;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const variantCache = new Map<string, { doc: Doc | null; expires: number }>();

  /** The variant documents by id, read as the request reads (locale, status, fields, populate), from the cache when fresh. */
  async function loadVariants(context: DocumentContext, ids: string[]): Promise<Map<string, Doc>> {
    const now = Date.now();
    const shape = JSON.stringify(withoutSelection(context.params));
    const cacheKey = (id: string) => `${context.uid}|${id}|${shape}`;
    const found = new Map<string, Doc>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = variantCache.get(cacheKey(id));
      if (hit && hit.expires > now) {
        if (hit.doc) found.set(id, hit.doc);
      } else missing.push(id);
    }
    if (missing.length > 0) {
      const params = {
        ...withoutSelection(context.params),
        filters: { documentId: { $in: missing } },
      };
      ownReads.add(params);
      // the uid and params come from a Document Service call of any content type: Strapi types them per uid
      const loaded = (await strapi
        .documents(context.uid as UID.ContentType)
        .findMany(params as never)) as Doc[];
      if (variantCache.size > VARIANT_CACHE_MAX) variantCache.clear();
      for (const id of missing) {
        const doc = loaded.find((candidate) => candidate.documentId === id) ?? null;
        variantCache.set(cacheKey(id), { doc, expires: now + VARIANT_CACHE_TTL_MS });
        if (doc) found.set(id, doc);
      }
    }
    return found;
  }

  function forgetVariantsOf(uid: string) {
    for (const key of variantCache.keys()) if (key.startsWith(`${uid}|`)) variantCache.delete(key);
  }
  let visitorsService: Service<'visitors'> | undefined;
  const visitors = () => (visitorsService ??= getService(strapi, 'visitors'));

  const identityByUid = new Map<string, string[]>();
  /** Fields that keep the base document's identity when a variant is served: ids, locale and uid fields (slug). */
  function identityFields(uid: string): string[] {
    let fields = identityByUid.get(uid);
    if (!fields) {
      const attributes = (strapi.contentType(uid as UID.ContentType)?.attributes ?? {}) as Record<
        string,
        { type: string }
      >;
      const uidFields = Object.entries(attributes)
        .filter(([, attribute]) => attribute.type === 'uid')
        .map(([name]) => name);
      fields = ['id', 'documentId', 'locale', ...uidFields];
      identityByUid.set(uid, fields);
    }
    return fields;
  }

  /** What is decided for each document: null where it has neither an experiment nor rules. */
  function decideAll(
    context: DocumentContext,
    docs: Doc[],
    tracked: TrackedRequest,
    defs: Definitions
  ): Array<ServingDecision | null> | null {
    if (defs.rules.size === 0 && defs.experiments.size === 0) return null;
    const { visitor } = tracked;
    const { contact } = visitor;
    let decided = false;
    const decisions = docs.map((doc) => {
      const key = documentKey(context.uid, doc.documentId);
      const experiment = defs.experiments.get(key);
      const rules = defs.rules.get(key)?.ruleSet;
      if (!experiment && !rules) return null;
      const decision = decideServing({
        documentId: doc.documentId,
        rules,
        experiment,
        visitorId: contact.visitorId,
        assignment: experiment && contact.experiments[experiment.slug],
        consent: contact.consent,
        reader: visitor.reader,
      });
      if (decision?.exposure)
        visitors().recordExposure(
          visitor,
          decision.exposure.experiment,
          decision.exposure.variant,
          Date.now()
        );
      if (decision) decided = true;
      return decision;
    });
    return decided ? decisions : null;
  }

  /** The documents as served: each decided one replaced by its variant (or kept), and named in `X-CXM-Variant`. */
  function applyDecisions(
    context: DocumentContext,
    docs: Doc[],
    decisions: Array<ServingDecision | null>,
    variants: Map<string, Doc> | undefined,
    tracked: TrackedRequest
  ): Doc[] {
    const keep = identityFields(context.uid);
    return docs.map((doc, index) => {
      const decision = decisions[index];
      if (!decision) return doc;
      const variant = decision.variant ? variants?.get(decision.variant) : undefined;
      // an unpublished variant, or one missing in this locale: the base is served
      const label = decision.variant && !variant ? DEFAULT_LABEL : decision.label;
      addServedVariant(tracked, `${context.uid}/${doc.documentId}=${label}`);
      if (!variant) return doc;
      const merged: Doc = structuredClone(variant); // the cached variant must not be changed by later response handling
      for (const name of keep) if (name in doc) merged[name] = doc[name];
      // GraphQL reads the served entry's relations afterwards, by its row id (which it does not show): the variant's
      if (tracked.graphql) merged.id = variant.id;
      return merged;
    });
  }

  /** The variants the decisions serve, or undefined when they serve none. */
  function wantedVariants(decisions: Array<ServingDecision | null>): string[] | undefined {
    let wanted: Set<string> | undefined;
    for (const decision of decisions)
      if (decision?.variant) (wanted ??= new Set()).add(decision.variant);
    return wanted && [...wanted];
  }

  /**
   * Replaces each document that has an experiment or rules by what is decided for the visitor;
   * the documents themselves when none has (no promise to wait for then).
   */
  function serveVariants(
    context: DocumentContext,
    docs: Doc[],
    tracked: TrackedRequest,
    defs: Definitions
  ): Doc[] | Promise<Doc[]> {
    const decisions = decideAll(context, docs, tracked, defs);
    if (!decisions) return docs;
    const wanted = wantedVariants(decisions);
    if (!wanted) return applyDecisions(context, docs, decisions, undefined, tracked);
    return loadVariants(context, wanted).then((variants) =>
      applyDecisions(context, docs, decisions, variants, tracked)
    );
  }

  /** A read is a view when it asks for one document, or filters a list down to exactly one (a page by slug). */
  function isView(context: DocumentContext, served: Doc[]) {
    if (served.length !== 1) return false;
    if (context.action !== 'findMany') return true;
    const filters = context.params?.filters;
    return !!filters && Object.keys(filters).length > 0;
  }

  let relatedEntriesService: Service<'related-entries'> | undefined;
  const relatedEntries = () => (relatedEntriesService ??= getService(strapi, 'related-entries'));

  /** A tracked read of a personalized type: its documents served as the visitor gets them, a view scored. */
  async function serveRead(
    context: DocumentContext,
    read: () => Promise<unknown>,
    tracked: TrackedRequest,
    defs: Definitions
  ): Promise<unknown> {
    const result = await read();
    if (!result) return result;
    markPersonalized(tracked);

    const docs = (Array.isArray(result) ? result : [result]) as Doc[];
    const serving = serveVariants(context, docs, tracked, defs);
    const served = Array.isArray(serving) ? serving : await serving;
    if (isView(context, docs))
      visitors().recordView(tracked.visitor, context.uid, docs[0].documentId, defs, Date.now());
    if (context.params?.populate)
      await relatedEntries().serveRelations(context.uid, served, context.params, tracked, defs);
    return Array.isArray(result) ? served : served[0];
  }

  /** A Content API read (or count), with the definitions loaded. */
  function personalize(
    context: DocumentContext,
    next: () => Promise<unknown>,
    ctx: Context,
    tracked: TrackedRequest | undefined,
    defs: Definitions
  ): Promise<unknown> {
    if (!defs.personalizedUids.has(context.uid))
      return relatedEntries().readRelations(context, next, tracked, defs);

    const hidden = defs.variantDocuments.get(context.uid);
    let read = next;
    if (hidden && hidden.size > 0) {
      if (context.action === 'findOne' && hidden.has(context.params.documentId as string))
        return Promise.resolve(null);
      if (LISTS.has(context.action)) read = () => listWithout(strapi, ctx, context, hidden, next);
    }
    if (!tracked) return relatedEntries().readRelations(context, read, undefined, defs);
    if (!READS.has(context.action)) return read();
    return serveRead(context, read, tracked, defs);
  }

  async function writeThrough(context: DocumentContext, next: () => Promise<unknown>) {
    const result = await next();
    forgetVariantsOf(context.uid);
    return result;
  }

  let definitionsService: Service<'definitions'> | undefined;
  const definitionsOf = () => (definitionsService ??= getService(strapi, 'definitions'));

  return {
    /** Serves `docs` of `uid`, read with `params` (locale, status, fields, populate), as the visitor gets them: entries related to what a request read. */
    async serveDocuments(
      uid: string,
      params: Params,
      docs: Doc[],
      tracked: TrackedRequest,
      defs: Definitions
    ): Promise<Doc[]> {
      return serveVariants({ uid, action: 'findMany', params }, docs, tracked, defs);
    },

    /** Without a promise of its own on the way of reads it leaves alone: every Document Service call passes here. */
    documentMiddleware(context: DocumentContext, next: () => Promise<unknown>): Promise<unknown> {
      if (WRITE_ACTIONS.has(context.action)) return writeThrough(context, next);
      if (
        (!READS.has(context.action) && context.action !== 'count') ||
        ownReads.has(context.params)
      )
        return next();
      const ctx = strapi.requestContext.get() as Context | undefined;
      const tracked = trackedRequestOf(ctx);
      if (!ctx || (!tracked && !isContentApiRequest(ctx))) return next();
      const defs = definitionsOf().current();
      if (defs) return personalize(context, next, ctx, tracked, defs);
      return definitionsOf()
        .get()
        .then((loaded) => personalize(context, next, ctx, tracked, loaded));
    },
  };
};
