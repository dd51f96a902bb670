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

async function page(slug: string, cookie?: string) {
  const call = request(app.server).get('/api/pages').query({ 'filters[slug][$eq]': slug });
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

  it('serves the Limousine variant once the visitor read limousine and leasing pages three times', async () => {
    const cookie = cookieOf(await page('home'))!;
    for (const slug of ['limousine', 'leasing-offer', 'limousine']) await page(slug, cookie);
    const home = await page('home', cookie);
    expect(home.body.data[0].headline).toBe('The limousine that won the family car test');
    expect(home.headers['x-cxm-variant']).toMatch(/=family-father$/);
    // the base document's identity is kept, so links and keys in the frontend stay stable
    expect(home.body.data[0].slug).toBe('home');

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
