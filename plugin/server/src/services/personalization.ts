/**
 * The Document Service middleware that serves variants: while a Content API request reads a
 * document that has variant rules, the document is replaced by the variant the rules pick for
 * this visitor; variant documents are kept out of lists; reading a single tagged document
 * scores a view.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import { pickRule } from '../core/rules';
import { personalizationOf, type RequestPersonalization } from '../middlewares/visitor';
import { documentKey, type Definitions } from './definitions';

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
const SELECTION_PARAMS = ['documentId', 'filters', 'start', 'limit', 'page', 'pageSize', 'pagination', 'sort', 'lookup'];

/** Marks the plugin's own reads, which must not be personalized again. */
const ownRead = new AsyncLocalStorage<true>();

function withoutSelection(params: Params): Params {
  const rest = { ...params };
  for (const name of SELECTION_PARAMS) delete rest[name];
  return rest;
}

function andFilters(filters: unknown, extra: Record<string, unknown>) {
  return filters && Object.keys(filters as object).length > 0 ? { $and: [filters, extra] } : extra;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const definitions = (): Promise<Definitions> => strapi.plugin('cxm').service('definitions').get();
  const tracking = () => strapi.plugin('cxm').service('tracking');

  const identityAttributes = (uid: string) =>
    Object.entries((strapi.contentType(uid as any)?.attributes ?? {}) as Record<string, { type: string }>)
      .filter(([, attribute]) => attribute.type === 'uid')
      .map(([name]) => name);

  /** Replaces each document that has rules by the variant picked for the visitor. */
  async function serveVariants(context: DocumentContext, docs: Doc[], request: RequestPersonalization, defs: Definitions) {
    const picks = new Map<number, { variant: string; label: string }>();
    const labels = new Map<number, string>();
    docs.forEach((doc, index) => {
      const rules = defs.rules.get(documentKey(context.uid, doc.documentId));
      if (!rules) return;
      const pick = pickRule(rules.ruleSet, request.visitor.reader());
      labels.set(index, pick?.name ?? 'default');
      if (pick?.variant && pick.variant !== doc.documentId) picks.set(index, { variant: pick.variant, label: pick.name });
    });

    let variants = new Map<string, Doc>();
    if (picks.size > 0) {
      const ids = [...new Set([...picks.values()].map((pick) => pick.variant))];
      const found: Doc[] = await ownRead.run(true, () =>
        strapi.documents(context.uid as any).findMany({
          ...withoutSelection(context.params),
          filters: { documentId: { $in: ids } },
        } as any)
      );
      variants = new Map(found.map((doc) => [doc.documentId, doc]));
    }

    const keep = ['id', 'documentId', 'locale', ...identityAttributes(context.uid)];
    const served = docs.map((doc, index) => {
      const pick = picks.get(index);
      const variant = pick && variants.get(pick.variant);
      if (pick && !variant) labels.set(index, 'default'); // unpublished or missing in this locale: the base is served
      if (!variant) return doc;
      const merged: Doc = { ...variant };
      for (const name of keep) if (name in doc) merged[name] = doc[name];
      return merged;
    });
    for (const [index, label] of labels) request.variants.push(`${context.uid}/${docs[index].documentId}=${label}`);
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
      if ((!READS.has(context.action) && context.action !== 'count') || ownRead.getStore()) return next();
      const request = personalizationOf(strapi.requestContext.get() as any);
      if (!request) return next();
      const defs = await definitions();
      if (!defs.personalizedUids.has(context.uid)) return next();

      const hidden = defs.variantDocuments.get(context.uid);
      if (LISTS.has(context.action) && hidden && hidden.size > 0) {
        context.params = {
          ...context.params,
          filters: andFilters(context.params?.filters, { documentId: { $notIn: [...hidden] } }),
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
