import type { Core } from '@strapi/strapi';
import { getService } from './get-service';

/** How long shutdown waits for requests in flight before the final flush. */
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * Strapi destroys plugins before it closes the HTTP server: stop taking requests first, so
 * nothing is accepted after the final flush.
 */
function stopAcceptingRequests(strapi: Core.Strapi): Promise<void> {
  const server = strapi.server?.httpServer;
  if (!server?.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const timeout = setTimeout(resolve, DRAIN_TIMEOUT_MS);
    server.close(() => {
      clearTimeout(timeout);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Nothing accepted is lost: the write buffer is flushed before the database closes. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'definitions').stopPolling();
  await stopAcceptingRequests(strapi);
  await getService(strapi, 'automation-scheduler').stop();
  await getService(strapi, 'automations').stop();
  await getService(strapi, 'tracking').stop();
  getService(strapi, 'geoip').close();
};
