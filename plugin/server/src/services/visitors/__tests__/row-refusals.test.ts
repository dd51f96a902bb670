import { databaseMessage, isRowRefusal } from '../row-refusals';

/** Errors as the drivers raise them (the shapes, not the databases: the API tests meet the real ones). */
describe('isRowRefusal', () => {
  it.each([
    ['PostgreSQL: unsupported Unicode escape', { code: '22P05' }],
    ['PostgreSQL: value too long', { code: '22001' }],
    ['PostgreSQL: unique violation', { code: '23505' }],
    ["PostgreSQL: a trigger's RAISE EXCEPTION", { code: 'P0001' }],
    [
      'MariaDB: incorrect string value',
      { code: 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', sqlState: 'HY000', errno: 1366 },
    ],
    ['MariaDB: data too long', { code: 'ER_DATA_TOO_LONG', sqlState: '22001' }],
    ["MariaDB: a trigger's SIGNAL", { code: 'ER_SIGNAL_EXCEPTION', sqlState: '45000' }],
    ["SQLite: a trigger's RAISE(ABORT)", { code: 'SQLITE_CONSTRAINT_TRIGGER' }],
    ['SQLite: unique', { code: 'SQLITE_CONSTRAINT_UNIQUE' }],
    ['Strapi: not null', { name: 'NotNullError' }],
  ])('%s refuses the row', (_name, error) => {
    expect(isRowRefusal(Object.assign(new Error('x'), error))).toBe(true);
  });

  it.each([
    ['PostgreSQL: no such table', { code: '42P01' }],
    ['PostgreSQL: connection refused', { code: 'ECONNREFUSED' }],
    ['PostgreSQL: serialization failure', { code: '40001' }],
    ['MariaDB: no such table', { code: 'ER_NO_SUCH_TABLE', sqlState: '42S02' }],
    ['MariaDB: lock wait timeout', { code: 'ER_LOCK_WAIT_TIMEOUT', sqlState: 'HY000' }],
    ['SQLite: busy', { code: 'SQLITE_BUSY' }],
    ['SQLite: no such table', { code: 'SQLITE_ERROR' }],
    ['a pool timeout', { name: 'KnexTimeoutError' }],
  ])('%s is no refusal: the batch is kept and retried', (_name, error) => {
    expect(isRowRefusal(Object.assign(new Error('x'), error))).toBe(false);
  });

  it('is false for what is no error object', () => {
    expect(isRowRefusal(undefined)).toBe(false);
    expect(isRowRefusal('boom')).toBe(false);
  });
});

describe('databaseMessage', () => {
  it("drops the statement knex puts in front, with the row's values", () => {
    const error = new Error(
      `insert into "cxm_visits" ("utm") values ('{"source":"x - y"}') - unsupported Unicode escape sequence`
    );
    expect(databaseMessage(error)).toBe('unsupported Unicode escape sequence');
  });

  it("prefers mysql2's own message", () => {
    const error = Object.assign(new Error('insert … - Incorrect string value'), {
      sqlMessage: "Incorrect string value: '\\xF0' for column 'referrer'",
    });
    expect(databaseMessage(error)).toBe("Incorrect string value: '\\xF0' for column 'referrer'");
  });

  it('keeps a message without a statement', () => {
    expect(databaseMessage(new Error('Connection terminated'))).toBe('Connection terminated');
  });
});
