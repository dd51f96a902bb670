/**
 * Whether a database error refuses the data of a row (a value, a constraint, a trigger), rather
 * than saying the database cannot be written right now (no connection, a missing table, a lock):
 * a refused row is set aside, anything else is retried with the whole batch.
 */

/** SQLSTATE classes: 22 data exception, 23 integrity constraint violation, 45 a trigger's SIGNAL (MySQL / MariaDB). */
const REFUSING_SQLSTATE_CLASSES = new Set(['22', '23', '45']);
/** PostgreSQL: RAISE EXCEPTION in a trigger (raise_exception). */
const REFUSING_SQLSTATES = new Set(['P0001']);
/** MySQL / MariaDB refusals of a value that report the general SQLSTATE HY000: incorrect string, datetime or JSON value. */
const REFUSING_MYSQL_ERRNOS = new Set([1366, 1367, 1292, 3140]);
/** better-sqlite3's codes of a refused value. */
const REFUSING_SQLITE_CODES = /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG)/;
/** Strapi's own database errors, each about a value it was given. */
const REFUSING_STRAPI_ERRORS = new Set([
  'NotNullError',
  'InvalidDateFormat',
  'InvalidTimeFormat',
  'InvalidDatetimeFormat',
  'InvalidRelationFormat',
]);

export function isRowRefusal(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, sqlState, name, errno } = error as {
    code?: unknown;
    sqlState?: unknown;
    name?: unknown;
    errno?: unknown;
  };
  if (typeof name === 'string' && REFUSING_STRAPI_ERRORS.has(name)) return true;
  if (typeof sqlState === 'string' && typeof errno === 'number' && REFUSING_MYSQL_ERRNOS.has(errno))
    return true;
  if (typeof code === 'string' && REFUSING_SQLITE_CODES.test(code)) return true;
  // PostgreSQL reports its SQLSTATE as `code`, mysql2 as `sqlState` (its `code` is a name)
  const state =
    typeof sqlState === 'string'
      ? sqlState
      : typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)
        ? code
        : undefined;
  return (
    !!state && (REFUSING_SQLSTATES.has(state) || REFUSING_SQLSTATE_CLASSES.has(state.slice(0, 2)))
  );
}

/**
 * The database's own words: knex puts the whole statement with its values in front of the
 * driver's message (`<statement> - <message>`), which would copy visitors' data into the log.
 */
export function databaseMessage(error: unknown): string {
  const { message, sqlMessage } = (error ?? {}) as { message?: unknown; sqlMessage?: unknown };
  if (typeof sqlMessage === 'string') return sqlMessage;
  const text = typeof message === 'string' ? message : String(error);
  const separator = text.lastIndexOf(' - ');
  return separator < 0 ? text : text.slice(separator + 3);
}
