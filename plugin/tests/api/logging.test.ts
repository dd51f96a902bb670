/**
 * The example app's log, as an operator reads it: at the default level the plugin's warnings
 * and errors appear next to the request lines, not only the request lines.
 */
import { startChildApp, type ChildApp } from '../helpers/child-app';

let app: ChildApp;

beforeAll(async () => {
  app = await startChildApp({
    env: {
      // the app's default level (config/logger.js), as `npm run demo` runs it
      LOG_LEVEL: '',
      // a GeoIP database that is not there: the plugin warns at start and serves without geo
      CXM_GEOIP_DATABASE: 'data/missing-GeoLite2-City.mmdb',
    },
  });
}, 100_000);

afterAll(async () => {
  await app?.stop();
});

it('prints the plugin warnings and the request lines at the default level', async () => {
  const response = await app.request('/api/pages?filters[slug][$eq]=home');
  expect(response.status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 200)); // the log line is written after the answer
  const output = app.output();
  expect(output).toMatch(
    /warn\S*: \[cxm\] GeoIP database .*missing-GeoLite2-City\.mmdb could not be opened/
  );
  expect(output).toMatch(/http\S*: GET \/api\/pages/);
});
