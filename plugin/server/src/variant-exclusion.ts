/**
 * Keeps variant documents out of a Content API list, first entry and count. A list read that
 * starts at its first match is run as it is and the variants are left out of what it returned
 * (core/list-trimming), where that is exactly what excluding them would have read: the read
 * returned every match, or met no variant. Then the count that Strapi's REST API makes next, with
 * the same filters, is the full count less the variants left out. Any other list (an offset, a
 * full page with a variant in it) and any other count is read again, or read at once, with the
 * variants left out at the database layer, after Strapi validated the read's params: the read
 * runs in a scope naming the documents to leave out, and a query lifecycle adds `documentId NOT
 * IN` to the queries of that type made inside it. Adding the exclusion to the read's filters
 * instead had Strapi validate (walk and copy) a bigger filter on every list and count. The
 * lifecycle is subscribed for the types of the scopes in flight only: Strapi runs a subscriber
 * of a query's type (an event object and an await) on every query, plain reads included.
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
import { readWindow, trimList } from './core/list-trimming';
import { leftOutOf, rememberLeftOut } from './request-state';

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
function whereWithout(where: unknown, documentIds: readonly string[]): unknown {
  const exclusion = { documentId: { $notIn: documentIds } };
  if (where === undefined || where === null) return exclusion;
  if (typeof where !== 'object' || Array.isArray(where) || 'documentId' in where)
    return { $and: [where, exclusion] };
  return { ...where, ...exclusion };
}

/**
 * The `models` of an app's exclusion lifecycle, which Strapi reads on every query: a type's uid
 * once for each scope in flight that leaves documents of it out (none most of the time).
 */
const scopedModels = new WeakMap<Core.Strapi, string[]>();

/** Runs `read` (a Document Service read of `uid` in the request `ctx`) with `documentIds` of `uid` left out of its queries. */
async function readWithout<T>(
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
  const models = scopedModels.get(strapi);
  if (!models) throw new Error('[cxm] the variant exclusion lifecycle is not subscribed');
  models.push(uid);
  try {
    return await (strapi.requestContext as unknown as { run: RunInContext }).run(scoped, read);
  } finally {
    models.splice(models.indexOf(uid), 1);
  }
}

/** The query lifecycle that applies the exclusions of the scope a query runs in. */
export function subscribeVariantExclusion(strapi: Core.Strapi): void {
  const exclude = (event: QueryEvent) => {
    const documentIds = (strapi.requestContext.get() as ScopedContext | undefined)?.[EXCLUSIONS]?.[
      event.model.uid
    ];
    if (documentIds) event.params.where = whereWithout(event.params.where, documentIds);
  };
  const models: string[] = [];
  scopedModels.set(strapi, models);
  strapi.db.lifecycles.subscribe({
    models,
    beforeFindMany: exclude,
    beforeFindOne: exclude,
    beforeCount: exclude,
  });
}

/** The ids of a type's variant documents as a list, made once per definitions load. */
const idLists = new WeakMap<ReadonlySet<string>, string[]>();
function hiddenIds(hidden: ReadonlySet<string>): string[] {
  let ids = idLists.get(hidden);
  if (!ids) idLists.set(hidden, (ids = [...hidden]));
  return ids;
}

type Doc = { documentId: string };
interface ListRead {
  uid: string;
  action: string;
  params: Record<string, unknown>;
}

const filtersOf = (read: ListRead) =>
  typeof read.params.filters === 'object' && read.params.filters !== null
    ? read.params.filters
    : undefined;

/** The count a list read of the same filters, type, locale and status knows the variants of; undefined when none does. */
function knownLeftOut(ctx: Context, read: ListRead): number | undefined {
  const filters = filtersOf(read);
  const known = filters && leftOutOf(ctx, filters);
  return known &&
    known.uid === read.uid &&
    known.locale === read.params.locale &&
    known.status === read.params.status
    ? known.count
    : undefined;
}

/**
 * Runs `next`, a Content API list, first entry or count of `read.uid` in the request `ctx`, as if
 * the `hidden` documents were not there.
 */
export function listWithout(
  strapi: Core.Strapi,
  ctx: Context,
  read: ListRead,
  hidden: ReadonlySet<string>,
  next: () => Promise<unknown>
): Promise<unknown> {
  const excluded = () => readWithout(strapi, ctx, read.uid, hiddenIds(hidden), next);
  if (read.action === 'count') {
    const leftOut = knownLeftOut(ctx, read);
    if (leftOut === undefined) return excluded();
    return leftOut === 0 ? next() : next().then((count) => (count as number) - leftOut);
  }
  const single = read.action === 'findFirst';
  const listed = readWindow(read.params);
  const window = single && listed ? { start: listed.start, limit: 1 } : listed;
  if (!window) return excluded();
  return next().then((result) => {
    if (single && !result) return result;
    const rows = (single ? [result] : result) as Doc[];
    const trimmed = trimList(rows, hidden, window);
    if (!trimmed) return excluded();
    const filters = filtersOf(read);
    if (!single && filters && trimmed.leftOut !== undefined)
      rememberLeftOut(ctx, filters, {
        uid: read.uid,
        locale: read.params.locale,
        status: read.params.status,
        count: trimmed.leftOut,
      });
    return single ? trimmed.rows[0] : trimmed.rows;
  });
}
