/**
 * The Document Service middleware that serves variants: while a Content API request reads a
 * document that has variant rules, the document is replaced by the variant the rules pick for
 * this visitor; variant documents are kept out of lists; reading a single tagged document
 * scores a view.
 */
import type { Core } from '@strapi/strapi';
import { pickRule } from '../core/rules';
import { personalizationOf, type RequestPersonalization } from '../middlewares/visitor';
import { documentKey, type Definitions } from './definitions';
import { getService } from '../get-service';

type Doc = Record<string, any> & { documentId: string };
type Params = Record<string, any>;
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

const WRITES = new Set([
  'create',
  'update',
  'delete',
  'clone',
  'publish',
  'unpublish',
  'discardDraft',
]);
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

function withoutSelection(params: Params): Params {
  const rest = { ...params };
  for (const name of SELECTION_PARAMS) delete rest[name];
  return rest;
}

/** The filters plus the exclusion of variants; flat when the filters do not name documentId already (less for Strapi to walk). */
function withoutDocuments(filters: unknown, documentIds: string[]) {
  const exclusion = { documentId: { $notIn: documentIds } };
  if (!filters || typeof filters !== 'object' || Object.keys(filters).length === 0)
    return exclusion;
  return 'documentId' in filters ? { $and: [filters, exclusion] } : { ...filters, ...exclusion };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const definitions = (): Promise<Definitions> => getService(strapi, 'definitions').get();
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
      const loaded: Doc[] = await strapi.documents(context.uid as any).findMany(params as any);
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
  const tracking = () => getService(strapi, 'tracking');

  const identityByUid = new Map<string, string[]>();
  /** Fields that keep the base document's identity when a variant is served: ids, locale and uid fields (slug). */
  function identityFields(uid: string): string[] {
    let fields = identityByUid.get(uid);
    if (!fields) {
      const attributes = (strapi.contentType(uid as any)?.attributes ?? {}) as Record<
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

  /** Replaces each document that has rules by the variant picked for the visitor. */
  async function serveVariants(
    context: DocumentContext,
    docs: Doc[],
    request: RequestPersonalization,
    defs: Definitions
  ) {
    const picks = new Map<number, { variant: string; label: string }>();
    const labels = new Map<number, string>();
    docs.forEach((doc, index) => {
      const key = documentKey(context.uid, doc.documentId);
      const experiment = defs.experiments.get(key);
      const assigned = experiment
        ? tracking().assignExperiment(request.visitor, experiment, Date.now())
        : null;
      if (experiment && assigned) {
        // while an experiment runs the bucket decides, before variant rules, unless the variant is "personalized"
        labels.set(index, `experiment:${experiment.slug}:${assigned.key}`);
        if (assigned.documentId && assigned.documentId !== doc.documentId)
          picks.set(index, { variant: assigned.documentId, label: assigned.key });
        if (!assigned.personalized) return;
      }
      const rules = defs.rules.get(key);
      if (!rules) return;
      // a visitor who consented to analytics only is measured, never personalized
      const pick =
        request.visitor.contact.consent === 'analytics'
          ? null
          : pickRule(rules.ruleSet, request.visitor.reader());
      const label = pick?.name ?? 'default';
      labels.set(
        index,
        assigned ? `experiment:${experiment!.slug}:${assigned.key}/${label}` : label
      );
      if (pick?.variant && pick.variant !== doc.documentId)
        picks.set(index, { variant: pick.variant, label });
    });

    const variants =
      picks.size > 0
        ? await loadVariants(context, [...new Set([...picks.values()].map((pick) => pick.variant))])
        : new Map<string, Doc>();

    const keep = identityFields(context.uid);
    const served = docs.map((doc, index) => {
      const pick = picks.get(index);
      const variant = pick && variants.get(pick.variant);
      if (pick && !variant) labels.set(index, 'default'); // unpublished or missing in this locale: the base is served
      if (!variant) return doc;
      const merged: Doc = structuredClone(variant); // the cached variant must not be changed by later response handling
      for (const name of keep) if (name in doc) merged[name] = doc[name];
      return merged;
    });
    for (const [index, label] of labels)
      request.variants.push(`${context.uid}/${docs[index].documentId}=${label}`);
    return served;
  }

  /** A read is a view when it asks for one document, or filters a list down to exactly one (a page by slug). */
  function isView(context: DocumentContext, served: Doc[]) {
    if (served.length !== 1) return false;
    if (context.action !== 'findMany') return true;
    const filters = context.params?.filters;
    return !!filters && Object.keys(filters).length > 0;
  }

  return {
    async documentMiddleware(context: DocumentContext, next: () => Promise<unknown>) {
      if (WRITES.has(context.action)) {
        const result = await next();
        forgetVariantsOf(context.uid);
        return result;
      }
      if (
        (!READS.has(context.action) && context.action !== 'count') ||
        ownReads.has(context.params)
      )
        return next();
      const request = personalizationOf(strapi.requestContext.get() as any);
      if (!request) return next();
      const defs = await definitions();
      if (!defs.personalizedUids.has(context.uid)) return next();

      const hidden = defs.variantDocuments.get(context.uid);
      if (LISTS.has(context.action) && hidden && hidden.size > 0) {
        context.params = {
          ...context.params,
          filters: withoutDocuments(context.params?.filters, [...hidden]),
        };
      }
      const result = await next();
      if (!READS.has(context.action) || !result) return result;
      request.personalized = true;

      const docs = (Array.isArray(result) ? result : [result]) as Doc[];
      const served = await serveVariants(context, docs, request, defs);
      if (isView(context, docs)) {
        await tracking().recordView(request.visitor, context.uid, docs[0].documentId, Date.now());
      }
      return Array.isArray(result) ? served : served[0];
    },
  };
};
