/**
 * Plain SQL on the plugin's runtime tables through Strapi's knex (`strapi.db.connection`), for
 * what the query engine cannot say: compare-and-set updates, increments, inserts that skip
 * duplicates. The same statements run on SQLite, PostgreSQL and MySQL/MariaDB.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { newDocumentId } from '../../core/ids';

export type Row = Record<string, any>;

export interface Table {
  name: string;
  /** attribute name → column name */
  column(attribute: string): string;
  /** a row of attribute values as columns, with the bookkeeping columns Strapi expects on insert */
  insertRow(values: Row, now: Date): Row;
  /** a row of attribute values as columns (JSON attributes serialised) */
  columns(values: Row): Row;
  query(trx?: Knex.Transaction): Knex.QueryBuilder;
}

export function tableOf(strapi: Core.Strapi, uid: string): Table {
  const meta = strapi.db.metadata.get(uid as any);
  const attributes = meta.attributes as Record<string, { type: string; columnName?: string }>;
  const column = (attribute: string) => {
    const spec = attributes[attribute];
    if (!spec) throw new Error(`${uid} has no attribute '${attribute}'`);
    return spec.columnName ?? attribute;
  };
  const columns = (values: Row) => {
    const row: Row = {};
    for (const [attribute, value] of Object.entries(values)) {
      const json = attributes[attribute]?.type === 'json' && value !== null && value !== undefined;
      row[column(attribute)] = json ? JSON.stringify(value) : value;
    }
    return row;
  };
  return {
    name: meta.tableName,
    column,
    columns,
    insertRow: (values, now) =>
      columns({
        documentId: newDocumentId(),
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
        ...values,
      }),
    query: (trx) => {
      const builder = strapi.db.connection(meta.tableName);
      return trx ? builder.transacting(trx) : builder;
    },
  };
}

/** A violated unique index, as each driver reports it. */
export function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown })?.cause];
  return candidates.some((candidate) => {
    const { code, errno } = (candidate ?? {}) as { code?: unknown; errno?: unknown };
    return (
      code === '23505' || // PostgreSQL
      code === 'ER_DUP_ENTRY' ||
      errno === 1062 || // MySQL / MariaDB
      (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT_UNIQUE')) ||
      code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
    );
  });
}

/** Numbers stored as bigint come back as strings from PostgreSQL. */
export const toNumber = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

export const parseJson = <T>(value: unknown, fallback: T): T => {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
};
