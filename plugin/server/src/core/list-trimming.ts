/**
 * Leaving variant documents out of a list read after it ran, where that gives exactly what a read
 * that excluded them in the database would have: the read started at the first match and either
 * returned every match (fewer rows than its limit) or met no variant. Everything else (an offset,
 * a full page with a variant in it) must be read again with the exclusion.
 */

/** The rows a list read asks for: from `start`, at most `limit` (no limit: every match). */
export interface ReadWindow {
  start: number;
  limit?: number;
}

type Params = Record<string, unknown>;

const whole = (value: unknown): number | undefined => {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : NaN;
};

/**
 * The window of a Document Service list read (`start`/`limit`, or `page`/`pageSize`, as Strapi's
 * REST and GraphQL APIs pass them; a limit of -1 is none); null for any other value, which
 * Strapi either refuses or reads in a way this does not predict.
 */
export function readWindow(params: Params | undefined): ReadWindow | null {
  const start = whole(params?.start);
  const limit = whole(params?.limit);
  const page = whole(params?.page);
  const pageSize = whole(params?.pageSize);
  if (page !== undefined || pageSize !== undefined) {
    if (start !== undefined || limit !== undefined) return null;
    const size = pageSize ?? NaN;
    const number = page ?? 1;
    if (!(size > 0) || !(number > 0)) return null;
    return { start: (number - 1) * size, limit: size };
  }
  if (Number.isNaN(start) || Number.isNaN(limit)) return null;
  if ((start ?? 0) < 0 || (limit !== undefined && limit < -1)) return null;
  return { start: start ?? 0, ...(limit === undefined || limit === -1 ? {} : { limit }) };
}

/** A list as the exclusion would have read it, and, when the read returned every match, how many of them it left out. */
export interface TrimmedList<T> {
  rows: T[];
  /** set when the read returned every match: a count of the same matches is the full count less this */
  leftOut?: number;
}

/**
 * `rows`, read in `window` without the exclusion, as a read that excluded the `hidden` documents
 * would have returned them; null when only such a read can tell.
 */
export function trimList<T extends { documentId: string }>(
  rows: T[],
  hidden: ReadonlySet<string>,
  window: ReadWindow
): TrimmedList<T> | null {
  // rows read without their documentId (a read of some fields) cannot be told apart
  if (window.start !== 0 || rows.some((row) => typeof row?.documentId !== 'string')) return null;
  const kept = rows.filter((row) => !hidden.has(row.documentId));
  const everyMatch = window.limit === undefined || rows.length < window.limit;
  if (everyMatch)
    return { rows: kept.length === rows.length ? rows : kept, leftOut: rows.length - kept.length };
  return kept.length === rows.length ? { rows } : null;
}
