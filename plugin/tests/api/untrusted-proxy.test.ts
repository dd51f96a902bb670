/** Without trusted proxies (the default) a forwarded-for header is a claim, not a fact. */
import { startApp, type TestApp } from '../helpers/strapi';
import { getPage } from '../helpers/http';
import { IPS } from '../helpers/fixture-ips';
import request from 'supertest';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

it.each([
  ['X-Forwarded-For', IPS.nuremberg],
  ['Forwarded', `for=${IPS.nuremberg}`],
])('ignores a spoofed %s header: no German variant, no geo', async (header, value) => {
  const home = await getPage(app.server, 'home', { [header]: value }).expect(200);
  expect(home.body.data[0].headline).toBe('Drive the future: our new hybrid range');
  const context = await request(app.server).get('/api/cxm/context').set(header, value).expect(200);
  expect(context.body.data.geo).toBeNull();
});

it('ignores a spoofed X-Forwarded-Proto: the cookie is not marked Secure', async () => {
  const response = await request(app.server)
    .get('/api/cxm/context')
    .set('X-Forwarded-Proto', 'https')
    .expect(200);
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  expect(cookies.some((cookie) => cookie.startsWith('cxm_vid='))).toBe(true);
  expect(cookies.join('\n')).not.toMatch(/secure/i);
});
