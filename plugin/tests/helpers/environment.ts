/** What every test boot of the example app needs: fresh secrets and a free loopback port. */
import { randomBytes } from 'node:crypto';
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
