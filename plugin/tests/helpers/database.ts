/**
 * Throw-away databases for tests that boot the example app: a SQLite file of the app, or a
 * fresh PostgreSQL / MariaDB database, with the env that points the app at it.
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

/** A fresh database: a SQLite file of the example app, or a new PostgreSQL / MariaDB database. */
export async function createDatabase(client: string, name: string): Promise<TestDatabase> {
  if (client === 'postgres') {
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
    await run('postgres', `CREATE DATABASE ${name}`);
    return {
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
    };
  }
  if (client === 'mysql') {
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
    await run(undefined, `CREATE DATABASE ${name}`);
    return {
      env: {
        DATABASE_HOST: '127.0.0.1',
        DATABASE_PORT: '3306',
        DATABASE_NAME: name,
        DATABASE_USERNAME: 'root',
        DATABASE_PASSWORD: '',
      },
      query: (sql) => run(name, sql),
      drop: async () => void (await run(undefined, `DROP DATABASE IF EXISTS ${name}`)),
    };
  }
  const relative = path.join('.tmp', `test-${name}.db`);
  const file = path.join(appDir, relative);
  return {
    env: { DATABASE_FILENAME: relative },
    async query(sql) {
      const Database = require('better-sqlite3');
      const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
      try {
        return db.prepare(sql).all();
      } finally {
        db.close();
      }
    },
    async drop() {
      for (const suffix of ['', '-wal', '-shm', '-journal'])
        fs.rmSync(file + suffix, { force: true });
    },
  };
}
