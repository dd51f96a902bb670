/**
 * Runtime rows written on Strapi's own connection and transaction rather than through Strapi's
 * entity layer, which per statement runs every attribute through its field classes, lifecycles
 * and query builder and costs more than the statement itself on the ingest path (BENCHMARKS.md,
 * Event ingestion). Values are converted as Strapi's fields convert them: JSON objects as text,
 * dates as `Date`, attribute defaults and timestamps on insert (`updatedAt` on update), so a row
 * reads back through Strapi exactly as if Strapi wrote it. On SQLite the statements are prepared
 * once per connection and run per row (knex would prepare each anew, and its multi-row insert is
 * a compound SELECT that costs more to prepare and run than the rows one by one); elsewhere knex
 * builds them, in chunks of the dialect's batch size.
 */
import type { Core, UID } from '@strapi/strapi';
import type { Knex } from 'knex';
import { contentTypes } from '@strapi/utils';

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

const DATE_TYPES = new Set(['datetime', 'timestamp']);

function toColumnValue(column: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if ((column.type === 'json' || column.type === 'blocks') && typeof value === 'object')
    return JSON.stringify(value);
  if (DATE_TYPES.has(column.type) && !(value instanceof Date))
    return new Date(value as string | number);
  return value;
}

/** What this module needs of better-sqlite3, the connection knex hands out on SQLite. */
interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** Prepared statements per connection and SQL: a connection the pool closes takes its own along. */
const preparedStatements = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

function prepared(connection: SqliteConnection, sql: string): SqliteStatement {
  let statements = preparedStatements.get(connection);
  if (!statements) preparedStatements.set(connection, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
  return statement;
}

/** A value as knex binds it on better-sqlite3. */
const sqliteValue = (value: unknown) =>
  value instanceof Date
    ? value.valueOf()
    : typeof value === 'boolean'
      ? Number(value)
      : (value ?? null);

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

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
        if (
          contentTypes.isScalarAttribute(
            attribute as Parameters<typeof contentTypes.isScalarAttribute>[0]
          )
        )
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

  /** The transaction's better-sqlite3 connection on SQLite (knex's transaction client hands it out). */
  async function sqliteConnectionOf(trx?: Knex.Transaction): Promise<SqliteConnection | undefined> {
    if (!trx || strapi.db.dialect.client !== 'sqlite') return undefined;
    const connection = (await trx.client.acquireConnection()) as Partial<SqliteConnection>;
    return typeof connection.prepare === 'function' ? (connection as SqliteConnection) : undefined;
  }

  /**
   * One UPDATE of the rows whose attributes equal `where` (null matches NULL): the columns of
   * `values` set to them, or with them added. Returns how many rows changed.
   */
  async function updateWhere(
    table: Table,
    values: Record<string, unknown>,
    where: Record<string, unknown>,
    how: 'set' | 'add',
    trx: Knex.Transaction | undefined
  ): Promise<number> {
    const conditions = Object.entries(where).map(
      ([attribute, value]) => [columnOf(table, attribute), value] as const
    );
    const sqlite = await sqliteConnectionOf(trx);
    if (sqlite) {
      const assign = (column: string) =>
        how === 'add' ? `${quoted(column)} = ${quoted(column)} + ?` : `${quoted(column)} = ?`;
      const statement = prepared(
        sqlite,
        `UPDATE ${quoted(table.name)} SET ${Object.keys(values).map(assign).join(', ')} ` +
          `WHERE ${conditions.map(([column]) => `${quoted(column)} IS ?`).join(' AND ')}`
      );
      return statement.run(
        ...Object.values(values).map(sqliteValue),
        ...conditions.map(([, value]) => sqliteValue(value))
      ).changes;
    }
    let query = builder(table, trx);
    for (const [column, value] of conditions)
      query = value === null ? query.whereNull(column) : query.where(column, value as Knex.Value);
    return Number(
      await (how === 'add'
        ? query.increment(values as Record<string, number>)
        : query.update(values))
    );
  }

  return {
    /** Inserts the rows (attribute names). */
    async insert(
      uid: UID.Schema,
      rows: Array<Record<string, unknown>>,
      trx?: Knex.Transaction
    ): Promise<void> {
      if (rows.length === 0) return;
      const table = tableOf(uid);
      const now = new Date();
      const values = rows.map((row) =>
        columnsOf(table, { createdAt: now, updatedAt: now, ...row }, true)
      );
      const sqlite = await sqliteConnectionOf(trx);
      if (sqlite) {
        // every column but the id, so that one prepared statement serves every row
        const columns = [...table.columns.values()]
          .filter((column) => column.type !== 'increments')
          .map((column) => column.column);
        const statement = prepared(
          sqlite,
          `INSERT INTO ${quoted(table.name)} (${columns.map(quoted).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
        );
        for (const row of values)
          statement.run(...columns.map((column) => sqliteValue(row[column])));
        return;
      }
      const size = strapi.db.dialect.getBatchInsertSize();
      for (let start = 0; start < values.length; start += size)
        await builder(table, trx).insert(values.slice(start, start + size));
    },

    /** Adds `deltas` to the numbers of the rows whose attributes equal `where`; returns how many changed. */
    async increment(
      uid: UID.Schema,
      where: Record<string, string>,
      deltas: Record<string, number>,
      trx?: Knex.Transaction
    ): Promise<number> {
      const table = tableOf(uid);
      const added = Object.fromEntries(
        Object.entries(deltas).map(([attribute, delta]) => [columnOf(table, attribute), delta])
      );
      return updateWhere(table, added, where, 'add', trx);
    },

    /** Updates the rows whose attributes equal `where` (null matches NULL); returns how many changed. */
    async update(
      uid: UID.Schema,
      where: Record<string, unknown>,
      data: Record<string, unknown>,
      trx?: Knex.Transaction
    ): Promise<number> {
      const table = tableOf(uid);
      const changes = columnsOf(table, { updatedAt: new Date(), ...data }, false);
      return updateWhere(table, changes, where, 'set', trx);
    },
  };
}
