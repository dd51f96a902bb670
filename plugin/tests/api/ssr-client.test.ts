/**
 * A frontend's server renders pages for a visitor with strapi-plugin-cxm/client: it forwards who
 * the visitor is and how they arrived, keeps the id Strapi issues in its own cookie, and the visit
 * keeps its campaign, place and device across pages.
 */
import request from 'supertest';
import {
  issuedVisitorId,
  serializeVisitorCookie,
  visitorCookie,
  visitorHeaders,
} from '../../client/src';
import { startApp, type TestApp } from '../helpers/strapi';
import { CHROME_DESKTOP, IPS } from '../helpers/fixture-ips';

let app: TestApp;

beforeAll(async () => {
  // the test client connects from loopback, which stands for the frontend's server: a trusted proxy
  app = await startApp({ CXM_TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1' });
});

afterAll(async () => {
  await app?.stop();
});

const NEWSLETTER_LANDING =
  'https://cars.example/?utm_source=newsletter&utm_medium=email&utm_campaign=spring-2026';

/** The browser's side: the cookies the frontend set on its own domain. */
function browser() {
  const jar = new Map<string, string>();
  return {
    /** a page request to the frontend, as the visitor's browser sends it */
    visit(url: string, referer?: string) {
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      return {
        url,
        headers: new Headers({
          'user-agent': CHROME_DESKTOP,
          'accept-language': 'de-DE,de;q=0.9,en;q=0.5',
          'x-forwarded-for': IPS.nuremberg,
          ...(referer ? { referer } : {}),
          ...(cookie ? { cookie } : {}),
        }),
      };
    },
    store(setCookie: string) {
      const [pair] = setCookie.split(';');
      const separator = pair.indexOf('=');
      jar.set(pair.slice(0, separator), pair.slice(separator + 1));
    },
    has: (name: string) => jar.has(name),
  };
}

/** The frontend's server: renders a page with content from Strapi, on behalf of the visitor. */
async function render(
  visitor: ReturnType<typeof browser>,
  page: ReturnType<ReturnType<typeof browser>['visit']>,
  slug: string
) {
  const response = await request(app.server)
    .get('/api/pages')
    .query({ 'filters[slug][$eq]': slug })
    .set(visitorHeaders(page))
    .expect(200);
  const issued = issuedVisitorId({
    headers: new Headers(response.headers as Record<string, string>),
  });
  if (issued) visitor.store(serializeVisitorCookie(visitorCookie(issued)));
  return response;
}

describe('a campaign page rendered on the server', () => {
  it('is the German variant for a visitor from Nuremberg, who gets a visitor cookie on the frontend', async () => {
    const visitor = browser();
    const home = await render(visitor, visitor.visit(NEWSLETTER_LANDING), 'home');
    expect(home.body.data[0].headline).toBe('Die Zukunft fahren: unsere neuen Hybridmodelle');
    expect(home.headers['cache-control']).toBe('private, no-cache');
    expect(visitor.has('cxm_vid')).toBe(true);
  });

  it('keeps the campaign, channel, place and visit on the next pages', async () => {
    const visitor = browser();
    await render(visitor, visitor.visit(NEWSLETTER_LANDING, 'https://mail.example/'), 'home');
    const next = visitor.visit('https://cars.example/limousine', 'https://cars.example/');
    const limousine = await render(visitor, next, 'limousine');
    expect(
      issuedVisitorId({ headers: new Headers(limousine.headers as Record<string, string>) })
    ).toBeNull();

    const context = (
      await request(app.server)
        .get('/api/cxm/context')
        .set(visitorHeaders(visitor.visit('https://cars.example/limousine')))
        .expect(200)
    ).body.data;
    expect(context.geo).toEqual({ country: 'DE', region: 'BY', city: 'Nuremberg' });
    expect(context.visit).toMatchObject({
      number: 1,
      channel: 'email',
      campaign: 'spring-newsletter',
      device: 'desktop',
    });
    expect(context.topInterests).toEqual([{ slug: 'limousine', name: 'Limousine' }]);
  });
});
