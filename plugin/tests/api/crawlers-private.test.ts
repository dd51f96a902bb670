/**
 * What a search engine, a shared cache and a marketer meet on the demo: crawlers see the site's
 * pages and not their variants, a response ordered by the visitor's location is private, and the
 * leasing box's rule keeps a limousine fan on the limousine offer however often the box is read.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf, getBySlug, getPage } from '../helpers/http';
import { CHROME_DESKTOP, IPS } from '../helpers/fixture-ips';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const BASE_PAGES = ['accessories', 'compact', 'home', 'hybrid', 'limousine'];
const BASE_OFFERS = ['hybrid-bonus', 'leasing-offer'];
/** The variants: `<collection>/<slug>`. */
const VARIANTS = ['pages/home-germany', 'pages/home-limousine', 'offers/leasing-offer-limousine'];
const UIDS = { pages: 'api::page.page', offers: 'api::offer.offer' } as const;
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

const documentIdOf = async (slug: string, collection: keyof typeof UIDS = 'pages') =>
  (await app.strapi.documents(UIDS[collection]).findFirst({ filters: { slug } }))!.documentId;

const list = (
  headers: Record<string, string>,
  query: Record<string, string> = {},
  collection = 'pages'
) =>
  request(app.server)
    .get(`/api/${collection}`)
    .query({ 'pagination[pageSize]': '100', ...query })
    .set(headers)
    .expect(200);

const slugsOf = (response: request.Response) =>
  response.body.data.map((page: { slug: string }) => page.slug).sort();

describe('crawlers see the site, not its variants', () => {
  it('lists and counts the base pages and offers only for a crawler', async () => {
    const response = await list({ 'User-Agent': GOOGLEBOT });
    expect(slugsOf(response)).toEqual(BASE_PAGES);
    expect(response.body.meta.pagination.total).toBe(BASE_PAGES.length);
    expect(response.headers['x-cxm-variant']).toBeUndefined();
    expect(cookieOf(response)).toBeUndefined();
    const offers = await list({ 'User-Agent': GOOGLEBOT }, {}, 'offers');
    expect(slugsOf(offers)).toEqual(BASE_OFFERS);
    expect(offers.body.meta.pagination.total).toBe(BASE_OFFERS.length);
  });

  it.each([
    ['a crawler', { 'User-Agent': GOOGLEBOT }],
    ['a visitor', { 'User-Agent': CHROME_DESKTOP }],
  ])('does not find a variant by its slug or documentId for %s', async (_case, headers) => {
    for (const variant of VARIANTS) {
      const [collection, slug] = variant.split('/') as [keyof typeof UIDS, string];
      const id = await documentIdOf(slug, collection);
      await request(app.server).get(`/api/${collection}/${id}`).set(headers).expect(404);
      const bySlug = await getBySlug(app.server, { collection, slug }, headers).expect(200);
      expect(bySlug.body.data).toEqual([]);
      const byId = await list(headers, { 'filters[documentId][$eq]': id }, collection);
      expect(byId.body.data).toEqual([]);
      expect(byId.body.meta.pagination.total).toBe(0);
    }
  });

  it('serves a crawler the base document by its documentId', async () => {
    const id = await documentIdOf('leasing-offer', 'offers');
    const response = await request(app.server)
      .get(`/api/offers/${id}`)
      .set('User-Agent', GOOGLEBOT)
      .expect(200);
    expect(response.body.data.headline).toBe(LEASING_DEFAULT);
  });

  it('leaves variants to the Content Manager, which edits them as entries', async () => {
    const id = await documentIdOf('leasing-offer-limousine', 'offers');
    const response = await request(app.server)
      .get(`/content-manager/collection-types/api::offer.offer/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(response.body.data.headline).toBe(LEASING_LIMOUSINE);
    const pages = await request(app.server)
      .get('/content-manager/collection-types/api::page.page')
      .query({ pageSize: 100 })
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const pageVariants = VARIANTS.filter((variant) => variant.startsWith('pages/'));
    expect(pages.body.pagination.total).toBe(BASE_PAGES.length + pageVariants.length);
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
    (
      await getBySlug(
        app.server,
        { collection: 'offers', slug: 'leasing-offer' },
        { Cookie: cookie }
      ).expect(200)
    ).body.data[0].headline;

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
