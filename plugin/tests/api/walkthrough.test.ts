import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

const cookieOf = (response: request.Response) =>
  ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .find((cookie) => cookie.startsWith('cxm_vid='))
    ?.split(';')[0];

async function page(slug: string, cookie?: string, collection = 'pages', query = {}) {
  const call = request(app.server)
    .get(`/api/${collection}`)
    .query({ 'filters[slug][$eq]': slug, ...query });
  if (cookie) call.set('Cookie', cookie);
  const response = await call.expect(200);
  return response;
}

describe('the README walkthrough', () => {
  it('serves the default home page to a new visitor and sets a signed cookie', async () => {
    const response = await page('home');
    expect(response.body.data).toHaveLength(1);
    expect(response.body.data[0].headline).toBe('Drive the future: our new hybrid range');
    expect(response.headers['x-cxm-variant']).toMatch(/=default$/);
    expect(response.headers['cache-control']).toMatch(/private/);
    expect(response.headers['vary']).toMatch(/Cookie/);
    const cookie = cookieOf(response);
    expect(cookie).toMatch(/^cxm_vid=[0-9a-f-]{36}\./);
    expect(response.headers['set-cookie'][0]).toMatch(/httponly/i);
    expect(response.headers['set-cookie'][0]).toMatch(/samesite=lax/i);
  });

  it('serves the Limousine variant once the visitor read the limousine page, the leasing offer, the limousine page', async () => {
    const cookie = cookieOf(await page('home'))!;
    await page('limousine', cookie);
    await page('leasing-offer', cookie, 'offers');
    await page('limousine', cookie);
    const home = await page('home', cookie);
    expect(home.body.data[0].headline).toBe('The limousine that won the family car test');
    expect(home.headers['x-cxm-variant']).toMatch(/=family-father$/);
    // the base document's identity is kept, so links and keys in the frontend stay stable
    expect(home.body.data[0].slug).toBe('home');

    // the blocks: the limousine hero, and the limousine leasing offer in the teaser grid
    const blocks = await page('home', cookie, 'pages', {
      'populate[blocks][on][blocks.hero][populate]': '*',
      'populate[blocks][on][blocks.teaser-grid][populate][offers][populate]': 'image',
    });
    const [hero, grid] = blocks.body.data[0].blocks;
    expect(hero).toMatchObject({
      __component: 'blocks.hero',
      headline: 'The limousine that won the family car test',
      image: { name: 'hero-limousine.png', url: expect.stringMatching(/^\/uploads\/.+\.png$/) },
    });
    expect(grid.offers).toEqual([
      expect.objectContaining({
        slug: 'leasing-offer',
        headline: 'The limousine from 349 € a month',
        image: expect.objectContaining({ name: 'offer-limousine-leasing.png' }),
      }),
    ]);
    expect(blocks.headers['x-cxm-variant']).toMatch(/api::offer\.offer\/\w+=limousine-leasing/);

    const context = await request(app.server)
      .get('/api/cxm/context')
      .set('Cookie', cookie)
      .expect(200);
    expect(context.body.data.personas).toEqual([
      { profile: 'vehicle-interest', slug: 'family-father', name: 'Family father' },
    ]);
    expect(context.body.data.topInterests[0]).toEqual({ slug: 'limousine', name: 'Limousine' });
    expect(context.body.data.visit).toMatchObject({ number: 1, returning: false });
  });
});
