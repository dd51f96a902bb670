/**
 * The Content Manager as an editor sees it: the plugin's runtime data (contacts, visits,
 * interactions, rollups, content tags, rule sets, enrolments …) is not listed there, the plugin's
 * own pages show and edit it; the list of a type marks which of its entries are variants.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, editorToken, roleToken } from '../helpers/http';

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

it.each([
  'contact',
  'visit',
  'interaction',
  'rollup',
  'content-tag',
  'dead-letter',
  'variant-rule',
  'automation',
  'automation-version',
  'enrollment',
  'step-log',
  'tracked-link',
  'lease',
  'erasure',
])('does not list plugin::cxm.%s', (name) => {
  expect(displayed.get(`plugin::cxm.${name}`)).toBe(false);
});

it.each(['profile', 'profile-key', 'persona', 'goal', 'campaign', 'experiment'])(
  'lists the definition plugin::cxm.%s',
  (name) => {
    expect(displayed.get(`plugin::cxm.${name}`)).toBe(true);
  }
);

describe('the list of a type marks its variants', () => {
  const askMarkers = (query: string, token: string) =>
    request(app.server).get(`/cxm/variants?${query}`).set('Authorization', `Bearer ${token}`);
  const pageIds = async () => {
    const pages = await app.strapi
      .documents('api::page.page')
      .findMany({ fields: ['slug'], status: 'draft' });
    return new Map(pages.map((page) => [page.slug as string, page.documentId]));
  };

  it('names the base of every variant, for an editor without the plugin permissions', async () => {
    const ids = await pageIds();
    const token = await editorToken(app.strapi, app.server);
    const response = await askMarkers('uid=api::page.page', token).expect(200);
    const markers = new Map(
      (
        response.body.data as Array<{ documentId: string; baseTitle: string; servedBy: string }>
      ).map((marker) => [marker.documentId, marker])
    );
    expect(markers.get(ids.get('home-limousine')!)).toMatchObject({
      baseDocumentId: ids.get('home'),
      baseTitle: 'Home',
      servedBy: 'rules',
    });
    expect(markers.get(ids.get('home-germany')!)).toMatchObject({ baseTitle: 'Home' });
    expect(markers.has(ids.get('home')!)).toBe(false);
    expect(markers.has(ids.get('limousine')!)).toBe(false);
  });

  it('refuses a query that names no content type, and an anonymous caller', async () => {
    const refused = await askMarkers('uid=pages', await adminToken(app.server)).expect(400);
    expect(JSON.stringify(refused.body.error)).toMatch(/content type uid/);
    await request(app.server).get('/cxm/variants?uid=api::page.page').expect(401);
  });

  it('refuses a type the app does not have with a 400, a type the admin may not read with a 403', async () => {
    const unknown = await askMarkers('uid=api::nope.nope', await adminToken(app.server)).expect(
      400
    );
    expect(unknown.body.error.message).toBe("'api::nope.nope' is not a content type of this app");

    // a role of its own with no Content Manager permission
    const role = await app.strapi
      .service('admin::role')
      .create({ name: 'Analyst', description: 'reads the dashboard only' });
    const analyst = { email: 'analyst@example.com', password: 'Analyst-Pass-2026' };
    const token = await roleToken(
      app.strapi,
      app.server,
      { ...analyst, firstname: 'Ana', lastname: 'Lyst' },
      role.id
    );
    const refused = await askMarkers('uid=api::page.page', token).expect(403);
    expect(refused.body.error.message).toBe('You may not read api::page.page');
  });
});
