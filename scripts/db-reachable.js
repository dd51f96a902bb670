// Exits 0 when the database server of the given client accepts a connection on this machine.
const client = process.argv[2];
const require_ = require('module').createRequire(require.resolve('../example-app/package.json'));

async function main() {
  if (client === 'postgres') {
    const { Client } = require_('pg');
    const connection = new Client({
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'postgres',
      connectionTimeoutMillis: 2000,
    });
    await connection.connect();
    await connection.end();
  } else if (client === 'mysql') {
    const mysql = require_('mysql2/promise');
    const connection = await mysql.createConnection({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      connectTimeout: 2000,
    });
    await connection.end();
  } else {
    throw new Error(`unknown client ${client}`);
  }
}

main().then(
  () => process.exit(0),
  () => process.exit(1)
);
