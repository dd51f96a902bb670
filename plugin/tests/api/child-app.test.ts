/**
 * The child-app helper that the multi-instance, shutdown and logging tests rest on: with the three
 * API suites booting apps side by side, a port found free can be taken by another suite's app
 * before this one binds it, and that app answers /_health as well as this one would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startChildApp } from '../helpers/child-app';

it('is up only on a port of its own, and says how it ended when it cannot be reached', async () => {
  // another app on the port this one is given: it answers /_health, and nothing else
  const impostor = http.createServer((request, response) => {
    response.statusCode = request.url === '/_health' ? 204 : 404;
    response.end();
  });
  await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
  const takenPort = (impostor.address() as AddressInfo).port;
  try {
    const app = await startChildApp({ port: takenPort });
    expect(app.port).not.toBe(takenPort);
    const pages = await app.request('/api/pages?filters[slug][$eq]=home');
    expect(pages.status).toBe(200);
    await app.stop();
    await expect(app.request('/api/pages')).rejects.toThrow(
      /GET \/api\/pages failed .*; the app has exited/
    );
  } finally {
    impostor.close();
  }
}, 200_000);
