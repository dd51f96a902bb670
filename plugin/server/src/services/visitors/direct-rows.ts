/**
 * Runtime rows written with knex on Strapi's own connection and transaction rather than through
 * Strapi's entity layer, which per statement runs every attribute through its field classes,
 * lifecycles and query builder and costs more than the statement itself on the ingest path
 * (BENCHMARKS.md, Event ingestion). Values are converted as Strapi's fields convert them: JSON
 * objects as text, dates as `Date` (each knex dialect binds those as Strapi's queries do),
 * attribute defaults and timestamps on insert (`updatedAt` on update), in chunks of the dialect's
 * batch size, so a row reads back through Strapi exactly as if Strapi wrote it.
 */
import type { Core, UID } from '@strapi/strapi';
import type { Knex } from 'knex';

interface Column {
  column: string;
  type: string;
  default?: unknown;
}

interface Table {
  name: string;
  /** attribute name → its column, for the scalar attributes */
  columns: Map<string, Column>;
}

/** Attribute types stored in the row itself (relations, components and media are not). */
const SCALAR_TYPES = new Set([
  'increments',
  'password',
  'email',
  'string',
  'uid',
  'richtext',
  'text',
  'json',
  'enumeration',
  'integer',
  'biginteger',
  'float',
  'decimal',
  'date',
  'time',
  'datetime',
  'timestamp',
  'boolean',
  'blocks',
]);
const DATE_TYPES = new Set(['datetime', 'timestamp']);

function toColumnValue(column: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if ((column.type === 'json' || column.type === 'blocks') && typeof value === 'object')
    return JSON.stringify(value);
  if (DATE_TYPES.has(column.type) && !(value instanceof Date))
    return new Date(value as string | number);
  return value;
}

export type DirectRows = ReturnType<typeof createDirectRows>;

export function createDirectRows(strapi: Core.Strapi) {
  const tables = new Map<string, Table>();

  function tableOf(uid: UID.Schema): Table {
    let table = tables.get(uid);
    if (!table) {
      const meta = strapi.db.metadata.get(uid);
      const columns = new Map<string, Column>();
      for (const [name, attribute] of Object.entries(meta.attributes)) {
        const {
          type,
          columnName,
          default: fallback,
        } = attribute as {
          type: string;
          columnName?: string;
          default?: unknown;
        };
        if (SCALAR_TYPES.has(type))
          columns.set(name, { column: columnName ?? name, type, default: fallback });
      }
      table = { name: meta.tableName, columns };
      tables.set(uid, table);
    }
    return table;
  }

  /** The row's columns for `data` (attribute names); on insert, the defaults of the attributes it leaves out. */
  function columnsOf(table: Table, data: Record<string, unknown>, withDefaults: boolean) {
    const row: Record<string, unknown> = {};
    for (const [name, column] of table.columns) {
      const value = data[name];
      if (value !== undefined) row[column.column] = toColumnValue(column, value);
      else if (withDefaults && column.default !== undefined)
        row[column.column] =
          typeof column.default === 'function'
            ? (column.default as () => unknown)()
            : column.default;
    }
    return row;
  }

  function columnOf(table: Table, attribute: string): string {
    const column = table.columns.get(attribute);
    if (!column) throw new Error(`${table.name} has no column for ${attribute}`);
    return column.column;
  }

  const builder = (table: Table, trx?: Knex.Transaction) => {
    const query = strapi.db.getConnection(table.name);
    return trx ? query.transacting(trx) : query;
  };

  return {
    /** Inserts the rows (attribute names), one statement per batch. */
    async insert(
      uid: UID.Schema,
      rows: Array<Record<string, unknown>>,
      trx?: Knex.Transaction
    ): Promise<void> {
      const table = tableOf(uid);
      const now = new Date();
      const size = strapi.db.dialect.getBatchInsertSize();
      for (let start = 0; start < rows.length; start += size)
        await builder(table, trx).insert(
          rows
            .slice(start, start + size)
            .map((row) => columnsOf(table, { createdAt: now, updatedAt: now, ...row }, true))
        );
    },

    /** Updates the rows whose attributes equal `where` (null matches NULL); returns how many changed. */
    async update(
      uid: UID.Schema,
      where: Record<string, unknown>,
      data: Record<string, unknown>,
      trx?: Knex.Transaction
    ): Promise<number> {
      const table = tableOf(uid);
      let query = builder(table, trx);
      for (const [attribute, value] of Object.entries(where))
        query =
          value === null
            ? query.whereNull(columnOf(table, attribute))
            : query.where(columnOf(table, attribute), value as Knex.Value);
      return Number(
        await query.update(columnsOf(table, { updatedAt: new Date(), ...data }, false))
      );
    },
  };
}
