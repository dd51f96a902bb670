/**
 * What a search engine, a shared cache and a marketer meet on the demo: crawlers see the site's
 * pages and not their variants, a response ordered by the visitor's location is private, and the
 * leasing box's rule keeps a limousine fan on the limousine offer however often the box is read.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf, getPage } from '../helpers/http';
import { CHROME_DESKTOP, IPS } from '../helpers/fixture-ips';
const scenario = require('../../../example-app/src/seed/scenario');

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
// the demo's pages (example-app/src/seed/scenario.js): the ones its rules serve as variants, and the rest
const VARIANT_PAGES: string[] = scenario.variantRules
  .flatMap((ruleSet: { rules: Array<{ variant: string }> }) =>
    ruleSet.rules.map((rule) => rule.variant)
  )
  .sort();
const BASE_PAGES: string[] = scenario.pages
  .map((page: { slug: string }) => page.slug)
  .filter((slug: string) => !VARIANT_PAGES.includes(slug))
  .sort();
const LEASING_DEFAULT = 'Leasing from 199 € a month';
const LEASING_LIMOUSINE = 'The limousine from 349 € a month';

let app: TestApp;
let admin: string;

beforeAll(async () => {
  // the test client connects from loopback: loopback is the trusted proxy that forwards the visitor's IP
  app = await startApp({ CXM_TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1' });
  admin = await adminToken(app.server);
});

afterAll(async () => {
  await app?.stop();
});

const documentIdOf = async (slug: string) =>
  (await app.strapi.documents('api::page.page').findFirst({ filters: { slug } }))!.documentId;

const listPages = (headers: Record<string, string>, query: Record<string, string> = {}) =>
  request(app.server)
    .get('/api/pages')
    .query({ 'pagination[pageSize]': '100', ...query })
    .set(headers)
    .expect(200);

const slugsOf = (response: request.Response) =>
  response.body.data.map((page: { slug: string }) => page.slug).sort();

describe('crawlers see the site, not its variants', () => {
  it('lists and counts the base pages only for a crawler', async () => {
    const response = await listPages({ 'User-Agent': GOOGLEBOT });
    expect(slugsOf(response)).toEqual(BASE_PAGES);
    expect(response.body.meta.pagination.total).toBe(BASE_PAGES.length);
    expect(response.headers['x-cxm-variant']).toBeUndefined();
    expect(cookieOf(response)).toBeUndefined();
  });

  it.each([
    ['a crawler', { 'User-Agent': GOOGLEBOT }],
    ['a visitor', { 'User-Agent': CHROME_DESKTOP }],
  ])('does not find a variant by its slug or documentId for %s', async (_case, headers) => {
    for (const slug of VARIANT_PAGES) {
      const id = await documentIdOf(slug);
      await request(app.server).get(`/api/pages/${id}`).set(headers).expect(404);
      expect((await getPage(app.server, slug, headers).expect(200)).body.data).toEqual([]);
      const byId = await listPages(headers, { 'filters[documentId][$eq]': id });
      expect(byId.body.data).toEqual([]);
      expect(byId.body.meta.pagination.total).toBe(0);
    }
  });

  it('serves a crawler the base document by its documentId', async () => {
    const id = await documentIdOf('leasing-offer');
    const response = await request(app.server)
      .get(`/api/pages/${id}`)
      .set('User-Agent', GOOGLEBOT)
      .expect(200);
    expect(response.body.data.headline).toBe(LEASING_DEFAULT);
  });

  it('leaves variants to the Content Manager, which edits them as entries', async () => {
    const id = await documentIdOf('leasing-offer-limousine');
    const response = await request(app.server)
      .get(`/content-manager/collection-types/api::page.page/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(response.body.data.headline).toBe(LEASING_LIMOUSINE);
    const list = await request(app.server)
      .get('/content-manager/collection-types/api::page.page')
      .query({ pageSize: 100 })
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(list.body.pagination.total).toBe(BASE_PAGES.length + VARIANT_PAGES.length);
  });
});

describe('anything that depends on the visitor is private', () => {
  it('marks the nearest dealers private, as a variant response is', async () => {
    const response = await request(app.server)
      .get('/api/dealers/nearest')
      .set({ 'User-Agent': CHROME_DESKTOP, 'X-Forwarded-For': IPS.vienna })
      .expect(200);
    expect(response.body.data[0].city).toBe('Vienna');
    expect(response.headers['cache-control']).toBe('private, no-cache');
    expect(response.headers.vary).toMatch(/Cookie/);
    expect(response.headers.vary).toMatch(/X-CXM-Visitor/i);
  });
});

describe('the scenario holds on the demo content', () => {
  const leasingBox = async (cookie: string) =>
    (await getPage(app.server, 'leasing-offer', { Cookie: cookie }).expect(200)).body.data[0]
      .headline;

  it('shows a limousine fan the limousine leasing offer every time they read the box', async () => {
    const first = await getPage(app.server, 'limousine', { 'User-Agent': CHROME_DESKTOP }).expect(
      200
    );
    const cookie = cookieOf(first)!;
    // each read of the box adds Leasing 5: as much as the limousine page gave
    for (let read = 0; read < 3; read++) expect(await leasingBox(cookie)).toBe(LEASING_LIMOUSINE);
  });

  it('shows the default box to a visitor who never read about the limousine', async () => {
    const cookie = cookieOf(await getPage(app.server, 'compact').expect(200))!;
    expect(await leasingBox(cookie)).toBe(LEASING_DEFAULT);
    expect(await leasingBox(cookie)).toBe(LEASING_DEFAULT);
  });

  it('offers score thresholds first in the rule builder', async () => {
    const response = await request(app.server)
      .get('/cxm/rules/catalog')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const scores = response.body.data.prefixes.find(
      (entry: { prefix: string }) => entry.prefix === 'scores.'
    );
    expect(
      scores.operators.slice(0, 2).map((entry: { operator: string }) => entry.operator)
    ).toEqual(['$gte', '$gt']);
  });
});
