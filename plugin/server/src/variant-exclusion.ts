/**
 * Keeps variant documents out of a Content API list, first entry and count at the database
 * layer, after Strapi validated the read's params: the Document Service middleware runs the read
 * in a scope naming the documents to leave out, and a query lifecycle adds `documentId NOT IN`
 * to the queries of that type made inside it. Adding the exclusion to the read's filters instead
 * had Strapi validate (walk and copy) a bigger filter on every list and count.
 *
 * The scope is the request's context (Strapi's request context, which is already an
 * AsyncLocalStorage) seen through a proxy that also answers the exclusions: it reads and writes
 * as the request's context, and only the queries of this one read see it, not those of reads
 * running beside it in the same request (GraphQL resolves fields in parallel) or after it (the
 * plugin's own read of the variants it serves). A proxy rather than an object inheriting from
 * the context: V8 would turn every request's context into a prototype, slowing every later
 * access to it.
 */
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';

const EXCLUSIONS = Symbol('cxm.variantExclusions');

/** Document ids to leave out, by content type uid. */
type Exclusions = Readonly<Record<string, readonly string[]>>;
type ScopedContext = Context & { [EXCLUSIONS]?: Exclusions };

/** Strapi's request context returns what the callback returned; its types say void. */
type RunInContext = <R>(store: Context, callback: () => Promise<R>) => Promise<R>;

interface QueryEvent {
  model: { uid: string };
  params: { where?: unknown };
}

/** The query's where plus the exclusion; flat when it does not name documentId already. */
export function whereWithout(where: unknown, documentIds: readonly string[]): unknown {
  const exclusion = { documentId: { $notIn: documentIds } };
  if (where === undefined || where === null) return exclusion;
  if (typeof where !== 'object' || Array.isArray(where) || 'documentId' in where)
    return { $and: [where, exclusion] };
  return { ...where, ...exclusion };
}

/** Runs `read` (a Document Service read of `uid` in the request `ctx`) with `documentIds` of `uid` left out of its queries. */
export function readWithout<T>(
  strapi: Core.Strapi,
  ctx: Context,
  uid: string,
  documentIds: readonly string[],
  read: () => Promise<T>
): Promise<T> {
  const exclusions: Exclusions = { ...(ctx as ScopedContext)[EXCLUSIONS], [uid]: documentIds };
  const scoped = new Proxy(ctx, {
    get: (target, key) => (key === EXCLUSIONS ? exclusions : Reflect.get(target, key)),
  });
  return (strapi.requestContext as unknown as { run: RunInContext }).run(scoped, read);
}

/**
 * The query lifecycle that applies the exclusions of the scope a query runs in. Only the app's
 * own types have variants (rules and experiments name `api::` types): the queries of every other
 * type (users and permissions, the plugin's own) do not run it.
 */
export function subscribeVariantExclusion(strapi: Core.Strapi): void {
  const exclude = (event: QueryEvent) => {
    const documentIds = (strapi.requestContext.get() as ScopedContext | undefined)?.[EXCLUSIONS]?.[
      event.model.uid
    ];
    if (documentIds) event.params.where = whereWithout(event.params.where, documentIds);
  };
  strapi.db.lifecycles.subscribe({
    models: Object.keys(strapi.contentTypes).filter((uid) => uid.startsWith('api::')),
    beforeFindMany: exclude,
    beforeFindOne: exclude,
    beforeCount: exclude,
  });
}
