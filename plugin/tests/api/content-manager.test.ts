/**
 * The Content Manager as an editor sees it: the plugin's runtime data (contacts, visits,
 * interactions, rollups, content tags) is not listed there; the plugin's own pages show it.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken } from '../helpers/http';

let app: TestApp;
let displayed: Map<string, boolean>;

beforeAll(async () => {
  app = await startApp();
  const token = await adminToken(app.server);
  const response = await request(app.server)
    .get('/content-manager/content-types')
    .set('Authorization', `Bearer ${token}`)
    .expect(200);
  displayed = new Map(
    (response.body.data as Array<{ uid: string; isDisplayed: boolean }>).map((type) => [
      type.uid,
      type.isDisplayed,
    ])
  );
});

afterAll(async () => {
  await app?.stop();
});

it.each(['contact', 'visit', 'interaction', 'rollup', 'content-tag', 'dead-letter'])(
  'does not list plugin::cxm.%s',
  (name) => {
    expect(displayed.get(`plugin::cxm.${name}`)).toBe(false);
  }
);

it.each(['profile', 'profile-key', 'persona', 'goal', 'campaign', 'experiment'])(
  'lists the definition plugin::cxm.%s',
  (name) => {
    expect(displayed.get(`plugin::cxm.${name}`)).toBe(true);
  }
);
