/** What every test boot of the example app needs: fresh secrets and a free loopback port. */
import { randomBytes, randomInt } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';

/** The small GeoIP database that scripts/write-geoip-fixture.js writes: Nuremberg, Munich, Vienna, London, Seattle. */
export const GEOIP_FIXTURE = path.resolve(__dirname, '../fixtures/geoip-fixture.mmdb');

/** The secrets a Strapi app refuses to start without, fresh for each boot. */
export function appSecrets(): Record<string, string> {
  const secret = () => randomBytes(16).toString('base64');
  return {
    APP_KEYS: [secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    ENCRYPTION_KEY: secret(),
  };
}

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/**
 * Ports a test server listens on are drawn below Linux's ephemeral range (32768–60999), which
 * every outgoing connection and every `listen(0)` of the parallel suites takes its ports from:
 * a port found free there could be taken again before a child app (seconds into its boot) binds it.
 */
const TEST_PORTS = { first: 20_000, last: 32_767 };

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(false) : reject(error)
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A loopback port that nothing listens on, at random among the test ports. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = TEST_PORTS.first + randomInt(TEST_PORTS.last - TEST_PORTS.first + 1);
    if (await isFree(port)) return port;
  }
}
