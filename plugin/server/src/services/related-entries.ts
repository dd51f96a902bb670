/**
 * Personalization inside populated relations. A Content API read that populates relations
 * (REST's `populate`, at any depth, through components and dynamic zones) gets each related
 * entry that has rules or a running experiment replaced by its variant for the visitor, read in
 * the same shape (fields, populate, locale, status); variant entries are dropped from relation
 * lists, for every Content API caller (crawlers too, who are served every entry as it is). GraphQL resolves relations lazily, one field at a time, outside the Document Service:
 * resolver middlewares on the relation fields do the same there. Related entries are never
 * scored: a teaser is not a view of the entry it teases.
 */
import type { Core, UID } from '@strapi/strapi';
import {
  I18N_LOCALIZATIONS,
  reachableContentTypes,
  relationSlots,
  slotEntries,
  type Entry,
  type RelationSlot,
  type SchemaOf,
} from '../core/populate-tree';
import { markPersonalized, trackedRequestOf, type TrackedRequest } from '../request-state';
import type { Definitions } from './definitions';
import { getService } from '../get-service';
import { UIDS } from '../uids';

type Doc = Entry & { documentId: string };
type Params = Record<string, unknown>;

/** The locale and status of the read that populated the entries: what their own fields do not say. */
interface ReadDefaults {
  locale: unknown;
  status: unknown;
}

interface RelationAttribute {
  type: string;
  relation?: string;
  target?: unknown;
}

/** A GraphQL resolver middleware, as the GraphQL plugin's `resolversConfig` calls it. */
type ResolverMiddleware = (
  resolve: (...args: unknown[]) => Promise<unknown>,
  ...args: unknown[]
) => Promise<unknown>;

interface GraphQLNaming {
  getTypeName(model: unknown): string;
  getComponentName(model: unknown): string;
}

const isDoc = (value: unknown): value is Doc =>
  typeof value === 'object' && value !== null && typeof (value as Doc).documentId === 'string';

/** The status an entry was read in: drafts have no publishedAt (types without draft and publish ignore it). */
function statusOf(entry: Entry, defaults: ReadDefaults): unknown {
  if (!('publishedAt' in entry)) return defaults.status;
  return entry.publishedAt === null ? 'draft' : 'published';
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const schemaOf: SchemaOf = (uid) =>
    (strapi.getModel(uid as UID.Schema) as { attributes?: ReturnType<SchemaOf> } | undefined)
      ?.attributes;
  const reachableByUid = new Map<string, Set<string>>();
  const definitions = () => getService(strapi, 'definitions').get();
  const personalization = () => getService(strapi, 'personalization');

  function reachable(uid: string): Set<string> {
    let found = reachableByUid.get(uid);
    if (!found) reachableByUid.set(uid, (found = reachableContentTypes(uid, schemaOf)));
    return found;
  }

  /** Whether a read of `uid` with these params may populate an entry of a personalized type. */
  function mayPopulatePersonalized(uid: string, params: Params | undefined, defs: Definitions) {
    if (!params?.populate) return false;
    for (const target of reachable(uid)) if (defs.personalizedUids.has(target)) return true;
    return false;
  }

  /**
   * Serves the related entries of personalized types in these slots: variants leave the lists,
   * and for a tracked visitor each entry with rules or an experiment becomes what the visitor is
   * served. One read of variants per type, shape, locale and status.
   */
  async function serveSlots(
    slots: RelationSlot[],
    tracked: TrackedRequest | undefined,
    defs: Definitions,
    defaults: ReadDefaults
  ) {
    const groups = new Map<
      string,
      { uid: string; params: Params; places: Array<{ slot: RelationSlot; entry: Doc }> }
    >();
    for (const slot of slots) {
      if (!defs.personalizedUids.has(slot.uid)) continue;
      const hidden = defs.variantDocuments.get(slot.uid);
      const value = slot.owner[slot.attribute];
      if (Array.isArray(value) && hidden && hidden.size > 0)
        slot.owner[slot.attribute] = value.filter(
          (entry) => !(isDoc(entry) && hidden.has(entry.documentId))
        );
      if (!tracked) continue;
      for (const entry of slotEntries(slot) as Doc[]) {
        const params: Params = {
          ...slot.shape,
          locale: entry.locale ?? defaults.locale,
          status: statusOf(entry, defaults),
        };
        const key = `${slot.uid}|${JSON.stringify(params)}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { uid: slot.uid, params, places: [] }));
        group.places.push({ slot, entry });
      }
    }
    if (!tracked || groups.size === 0) return;
    markPersonalized(tracked);
    for (const { uid, params, places } of groups.values()) {
      const served = await personalization().serveDocuments(
        uid,
        params,
        places.map((place) => place.entry),
        tracked,
        defs
      );
      places.forEach(({ slot, entry }, index) => {
        if (served[index] === entry) return;
        const value = slot.owner[slot.attribute];
        if (Array.isArray(value)) value[value.indexOf(entry)] = served[index];
        else slot.owner[slot.attribute] = served[index];
      });
    }
  }

  /** Serves the relations `docs` (of `uid`, read with `params`) populated, level by level down the populate tree. */
  async function serveRelations(
    uid: string,
    docs: Doc[],
    params: Params | undefined,
    tracked: TrackedRequest | undefined,
    defs: Definitions
  ) {
    if (!params?.populate || docs.length === 0) return;
    const defaults = { locale: params.locale, status: params.status };
    let level = relationSlots(docs, uid, params.populate, schemaOf);
    while (level.length > 0) {
      await serveSlots(level, tracked, defs, defaults);
      level = level.flatMap((slot) =>
        relationSlots(slotEntries(slot), slot.uid, slot.shape.populate, schemaOf)
      );
    }
  }

  async function readAndServeRelations(
    context: { uid: string; params: Params },
    next: () => Promise<unknown>,
    tracked: TrackedRequest | undefined,
    defs: Definitions
  ): Promise<unknown> {
    const result = await next();
    if (!result) return result;
    const docs = (Array.isArray(result) ? result : [result]) as Doc[];
    await serveRelations(context.uid, docs, context.params, tracked, defs);
    return result;
  }

  /** A resolver middleware for a GraphQL relation field to `target`: a list, a connection (`{ nodes }`) or one entry. */
  function graphqlRelationMiddleware(
    target: string,
    form: 'list' | 'connection' | 'single'
  ): ResolverMiddleware {
    return async (resolve, ...args) => {
      const result = await resolve(...args);
      const tracked = trackedRequestOf(strapi.requestContext.get());
      if (!result) return result;
      const defs = await definitions();
      if (!defs.personalizedUids.has(target)) return result;
      const holder: Entry = {
        related: form === 'connection' ? (result as { nodes?: unknown }).nodes : result,
      };
      const slot: RelationSlot = { uid: target, owner: holder, attribute: 'related', shape: {} };
      // GraphQL's own relation reads have no locale or status params: the entries tell theirs
      await serveSlots([slot], tracked, defs, { locale: undefined, status: undefined });
      return form === 'connection'
        ? { ...(result as object), nodes: holder.related }
        : holder.related;
    };
  }

  /**
   * The GraphQL plugin's resolver config (evaluated when it builds the schema): a middleware on
   * every relation field between content types and components. Nothing is added to the schema.
   */
  function graphqlResolversConfig(naming: GraphQLNaming) {
    const resolversConfig: Record<string, { middlewares: ResolverMiddleware[] }> = {};
    const models = [
      ...Object.values(strapi.contentTypes).map((model) => ({
        typeName: naming.getTypeName(model),
        attributes: model.attributes,
      })),
      ...Object.values(strapi.components).map((model) => ({
        typeName: naming.getComponentName(model),
        attributes: model.attributes,
      })),
    ];
    for (const { typeName, attributes } of models) {
      for (const [name, attribute] of Object.entries(
        attributes as Record<string, RelationAttribute>
      )) {
        if (attribute.type !== 'relation' || typeof attribute.target !== 'string') continue;
        if (name === I18N_LOCALIZATIONS) continue;
        const add = (field: string, middleware: ResolverMiddleware) => {
          resolversConfig[`${typeName}.${field}`] = { middlewares: [middleware] };
        };
        if (attribute.relation?.endsWith('Many')) {
          add(name, graphqlRelationMiddleware(attribute.target, 'list'));
          add(`${name}_connection`, graphqlRelationMiddleware(attribute.target, 'connection'));
        } else add(name, graphqlRelationMiddleware(attribute.target, 'single'));
      }
    }
    return { resolversConfig };
  }

  return {
    mayPopulatePersonalized,
    serveRelations,

    /**
     * A Content API read whose entries are served as they are (a type not personalized itself,
     * or an untracked caller): only the relations it populates may be personalized (a page
     * without rules that lists offers with rules), and their lists lose variants.
     */
    readRelations(
      context: { uid: string; action: string; params: Params },
      next: () => Promise<unknown>,
      tracked: TrackedRequest | undefined,
      defs: Definitions
    ): Promise<unknown> {
      if (context.action === 'count' || !mayPopulatePersonalized(context.uid, context.params, defs))
        return next();
      return readAndServeRelations(context, next, tracked, defs);
    },

    /**
     * When the app uses the GraphQL plugin (in `register`, before it builds the schema): the
     * relation middlewares, and none of the plugin's own types in the app's schema (definitions
     * and visitor data are no content, and the GraphQL plugin would add queries and mutations for them).
     */
    registerGraphQL() {
      const graphql = strapi.plugin('graphql');
      if (!graphql) return;
      const extension = graphql.service('extension');
      for (const uid of Object.values(UIDS)) extension.shadowCRUD(uid).disable();
      extension.use(() => {
        const naming = graphql.service('utils').naming as GraphQLNaming;
        return graphqlResolversConfig(naming);
      });
    },
  };
};
