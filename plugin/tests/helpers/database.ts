/**
 * Throw-away databases for tests that boot the example app: a SQLite file of the app, or a
 * fresh PostgreSQL / MariaDB database, with the env that points the app at it; empty, or a copy
 * of another such database (a test run's template: see tests/helpers/template.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

export const appDir = path.resolve(__dirname, '../../../example-app');

export interface TestDatabase {
  env: Record<string, string>;
  /** rows of a query, read on a connection of its own that is closed at once */
  query<T>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

/** How tests make, reach and drop the databases of one client. */
interface DatabaseServer {
  create(name: string, copyOf?: string): Promise<void>;
  handle(name: string): TestDatabase;
}

function postgresServer(): DatabaseServer {
  const { Client } = require('pg');
  const server = { host: '127.0.0.1', port: 5432, user: 'postgres' };
  const run = async (database: string, sql: string) => {
    const connection = new Client({ ...server, database });
    await connection.connect();
    try {
      return (await connection.query(sql)).rows;
    } finally {
      await connection.end();
    }
  };
  return {
    create: async (name, copyOf) =>
      void (await run('postgres', `CREATE DATABASE ${name}${copyOf ? ` TEMPLATE ${copyOf}` : ''}`)),
    handle: (name) => ({
      env: {
        DATABASE_HOST: '127.0.0.1',
        DATABASE_PORT: '5432',
        DATABASE_NAME: name,
        DATABASE_USERNAME: 'postgres',
        DATABASE_PASSWORD: '',
      },
      query: (sql) => run(name, sql),
      drop: async () =>
        void (await run('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
    }),
  };
}

function mysqlServer(): DatabaseServer {
  const mysql = require('mysql2/promise');
  const server = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
  const run = async (database: string | undefined, sql: string) => {
    const connection = await mysql.createConnection({ ...server, database });
    try {
      return (await connection.query(sql))[0];
    } finally {
      await connection.end();
    }
  };
  return {
    async create(name, copyOf) {
      await run(undefined, `CREATE DATABASE ${name}`);
      if (copyOf)
        await copyMysqlTables(await mysql.createConnection({ ...server, database: name }), copyOf);
    },
    handle: (name) => ({
      env: {
        DATABASE_HOST: '127.0.0.1',
        DATABASE_PORT: '3306',
        DATABASE_NAME: name,
        DATABASE_USERNAME: 'root',
        DATABASE_PASSWORD: '',
      },
      query: (sql) => run(name, sql),
      drop: async () => void (await run(undefined, `DROP DATABASE IF EXISTS ${name}`)),
    }),
  };
}

function sqliteServer(): DatabaseServer {
  const relative = (name: string) => path.join('.tmp', `test-${name}.db`);
  const file = (name: string) => path.join(appDir, relative(name));
  return {
    // an empty database is a file the app makes itself
    async create(name, copyOf) {
      if (copyOf) fs.copyFileSync(file(copyOf), file(name));
    },
    handle: (name) => ({
      env: { DATABASE_FILENAME: relative(name) },
      async query(sql) {
        const Database = require('better-sqlite3');
        const db = new Database(file(name), { readonly: true, fileMustExist: true, timeout: 5000 });
        try {
          return db.prepare(sql).all();
        } finally {
          db.close();
        }
      },
      async drop() {
        for (const suffix of ['', '-wal', '-shm', '-journal'])
          fs.rmSync(file(name) + suffix, { force: true });
      },
    }),
  };
}

const serverOf = (client: string): DatabaseServer =>
  client === 'postgres' ? postgresServer() : client === 'mysql' ? mysqlServer() : sqliteServer();

/**
 * A fresh database: a SQLite file of the example app, or a new PostgreSQL / MariaDB database;
 * with `copyOf`, a copy of the database of that name (tables, rows, sequences), which nothing
 * may be connected to or writing to while it is copied.
 */
export async function createDatabase(
  client: string,
  name: string,
  copyOf?: string
): Promise<TestDatabase> {
  const server = serverOf(client);
  await server.create(name, copyOf);
  return server.handle(name);
}

/** A database that exists already, by its name. */
export const existingDatabase = (client: string, name: string): TestDatabase =>
  serverOf(client).handle(name);

/**
 * MariaDB has no CREATE DATABASE … TEMPLATE: each table of `source` is made again in the
 * connection's database by its own CREATE TABLE (with its keys, foreign keys and AUTO_INCREMENT)
 * and filled from it; foreign keys are checked at neither step, so the order does not matter.
 */
async function copyMysqlTables(
  connection: { query(sql: string): Promise<any>; end(): Promise<void> },
  source: string
): Promise<void> {
  try {
    await connection.query('SET foreign_key_checks = 0');
    const [tables] = await connection.query(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = '${source}' AND table_type = 'BASE TABLE'`
    );
    for (const { name } of tables as { name: string }[]) {
      const [[created]] = await connection.query(`SHOW CREATE TABLE \`${source}\`.\`${name}\``);
      await connection.query(created['Create Table']);
      await connection.query(`INSERT INTO \`${name}\` SELECT * FROM \`${source}\`.\`${name}\``);
    }
  } finally {
    await connection.end();
  }
}
