import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import {
  adminToken,
  cookieOf,
  FAMILY_FATHER_READS,
  getBySlug,
  getPage,
  readPages,
} from '../helpers/http';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app.server);
});

afterAll(async () => {
  await app?.stop();
});

const HOME_DEFAULT = 'Drive the future: our new hybrid range';
const HOME_LIMOUSINE = 'The limousine that won the family car test';

async function familyFather(): Promise<string> {
  const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
  await readPages(app.server, cookie, FAMILY_FATHER_READS);
  return cookie;
}

const pageDocumentId = async (slug: string) =>
  (await app.strapi.documents('api::page.page').findFirst({ filters: { slug } }))!.documentId;

describe('visitor identification', () => {
  it.each([
    [
      'a forged signature',
      'cxm_vid=8d7a2c4e-1b3f-4a5d-9e6f-0a1b2c3d4e5f.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
    ['an unsigned id', 'cxm_vid=8d7a2c4e-1b3f-4a5d-9e6f-0a1b2c3d4e5f'],
    ['garbage', 'cxm_vid=%00%ff%fe<script>'],
    ['an oversized value', `cxm_vid=${'x'.repeat(4000)}`],
  ])('treats %s as a new visitor, never an error', async (_case, cookie) => {
    const response = await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
    expect(response.body.data[0].headline).toBe(HOME_DEFAULT);
    expect(cookieOf(response)).toMatch(/^cxm_vid=[0-9a-f-]{36}\./);
    expect(cookieOf(response)).not.toBe(cookie);
  });

  it('keeps a visitor whose signed id is sent back, and does not reissue the cookie', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    const again = await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
    expect(cookieOf(again)).toBeUndefined();
  });

  it('a forged cookie cannot take over a profile: swapping the id keeps the signature invalid', async () => {
    const cookie = await familyFather();
    const [, signature] = cookie.slice('cxm_vid='.length).split('.');
    const forged = `cxm_vid=00000000-0000-4000-8000-000000000000.${signature}`;
    const response = await getPage(app.server, 'home', { Cookie: forged }).expect(200);
    expect(response.body.data[0].headline).toBe(HOME_DEFAULT);
  });

  it('identifies server-side renderers by the X-CXM-Visitor header and returns a new id in it', async () => {
    const first = await getPage(app.server, 'home').expect(200);
    const issued = first.headers['x-cxm-visitor'];
    expect(issued).toBe(cookieOf(first)!.slice('cxm_vid='.length));
    for (const read of FAMILY_FATHER_READS)
      await getBySlug(app.server, read, { 'X-CXM-Visitor': issued }).expect(200);
    const home = await getPage(app.server, 'home', { 'X-CXM-Visitor': issued }).expect(200);
    expect(home.body.data[0].headline).toBe(HOME_LIMOUSINE);
    expect(home.headers['vary']).toMatch(/X-CXM-Visitor/i);
  });

  it('starts a new visit after the inactivity timeout', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    const context = async () =>
      (await request(app.server).get('/api/cxm/context').set('Cookie', cookie).expect(200)).body
        .data.visit;
    expect(await context()).toMatchObject({ number: 1, returning: false });
    const realNow = Date.now;
    Date.now = () => realNow() + 31 * 60_000;
    try {
      expect(await context()).toMatchObject({ number: 2, returning: true });
    } finally {
      Date.now = realNow;
    }
  });
});

describe('serving variants', () => {
  it('never lists variant documents as entries of their own, and counts without them', async () => {
    const response = await request(app.server)
      .get('/api/pages')
      .query({ 'pagination[pageSize]': 100 })
      .expect(200);
    const slugs = response.body.data.map((page: { slug: string }) => page.slug).sort();
    expect(slugs).toEqual(['accessories', 'compact', 'home', 'hybrid', 'limousine']);
    expect(response.body.meta.pagination.total).toBe(5);
    const offers = await request(app.server).get('/api/offers').expect(200);
    expect(offers.body.data.map((offer: { slug: string }) => offer.slug).sort()).toEqual([
      'hybrid-bonus',
      'leasing-offer',
    ]);
  });

  describe('keeps variants out of every page of a list and out of its count, with any pagination and sort', () => {
    // Sorted by slug the variants home-germany and home-limousine fall between home and hybrid:
    // a page that leaves them out after the limit instead of before it comes up short.
    const BASE_PAGES = ['accessories', 'compact', 'home', 'hybrid', 'limousine'];
    const slugsOf = (response: request.Response) =>
      response.body.data.map((page: { slug: string }) => page.slug);
    const listPages = (query: Record<string, string | number>, cookie?: string) => {
      const call = request(app.server).get('/api/pages').query(query);
      return (cookie ? call.set('Cookie', cookie) : call).expect(200);
    };

    it.each([
      ['a crawler', false],
      ['a tracked visitor', true],
    ])('for %s', async (_who, tracked) => {
      const cookie = tracked ? await familyFather() : undefined;
      for (const [sort, order] of [
        ['slug:asc', BASE_PAGES],
        ['slug:desc', [...BASE_PAGES].reverse()],
      ] as const) {
        for (const pageSize of [1, 2, 3]) {
          const listed: string[] = [];
          const pageCount = Math.ceil(BASE_PAGES.length / pageSize);
          for (let page = 1; page <= pageCount + 1; page++) {
            const response = await listPages(
              { sort, 'pagination[page]': page, 'pagination[pageSize]': pageSize },
              cookie
            );
            expect(response.body.meta.pagination).toEqual({
              page,
              pageSize,
              pageCount,
              total: BASE_PAGES.length,
            });
            listed.push(...slugsOf(response));
          }
          expect(listed).toEqual(order);
        }
        for (const limit of [1, 2, 4]) {
          const listed: string[] = [];
          for (let start = 0; start < BASE_PAGES.length + limit; start += limit) {
            const response = await listPages(
              { sort, 'pagination[start]': start, 'pagination[limit]': limit },
              cookie
            );
            expect(response.body.meta.pagination).toEqual({
              start,
              limit,
              total: BASE_PAGES.length,
            });
            listed.push(...slugsOf(response));
          }
          expect(listed).toEqual(order);
        }
      }
      // a filter that matches the home page and both its variants
      const homes = await listPages({ 'filters[slug][$startsWith]': 'home', sort: 'slug' }, cookie);
      expect(slugsOf(homes)).toEqual(['home']);
      expect(homes.body.meta.pagination.total).toBe(1);
      // the same with only the slug asked for
      const slugsOnly = await listPages(
        { 'filters[slug][$startsWith]': 'home', 'fields[0]': 'slug' },
        cookie
      );
      expect(slugsOf(slugsOnly)).toEqual(['home']);
      expect(slugsOnly.body.meta.pagination.total).toBe(1);
      // a filter that names a variant's documentId finds nothing
      const variantId = await pageDocumentId('home-limousine');
      const named = await listPages({ 'filters[documentId][$eq]': variantId }, cookie);
      expect(named.body.data).toEqual([]);
      expect(named.body.meta.pagination.total).toBe(0);
    });

    it('counts a list that returned every match from what it left out, without asking the database to exclude', async () => {
      const pageQueries: string[] = [];
      const listen = (query: { sql: string }) =>
        /\bpages\b/.test(query.sql) && pageQueries.push(query.sql.toLowerCase());
      const queriesOf = async (query: Record<string, string | number>) => {
        pageQueries.length = 0;
        app.strapi.db.connection.on('query', listen);
        try {
          return { response: await listPages(query), sql: [...pageQueries] };
        } finally {
          app.strapi.db.connection.off('query', listen);
        }
      };
      // home and both its variants match; all three fit the page, so the count needs no query of its own exclusion
      const all = await queriesOf({ 'filters[slug][$startsWith]': 'home' });
      expect(slugsOf(all.response)).toEqual(['home']);
      expect(all.response.body.meta.pagination.total).toBe(1);
      expect(all.sql.some((sql) => sql.includes('count('))).toBe(true);
      expect(all.sql.filter((sql) => sql.includes('not in'))).toEqual([]);
      // from an offset the list cannot know what came before it: list and count exclude the variants
      const offset = await queriesOf({
        'filters[slug][$startsWith]': 'h',
        sort: 'slug',
        'pagination[start]': 1,
        'pagination[limit]': 1,
      });
      expect(slugsOf(offset.response)).toEqual(['hybrid']);
      expect(offset.response.body.meta.pagination.total).toBe(2);
      expect(offset.sql.filter((sql) => sql.includes('not in')).length).toBeGreaterThanOrEqual(2);
    });

    it('in GraphQL too', async () => {
      const response = await request(app.server)
        .post('/graphql')
        .set('Cookie', await familyFather())
        .send({
          query: `{
            first: pages(sort: "slug", pagination: { page: 2, pageSize: 2 }) { slug }
            offset: pages(sort: "slug:desc", pagination: { start: 1, limit: 3 }) { slug }
            homes: pages(filters: { slug: { startsWith: "home" } }) { slug headline }
            pages_connection(pagination: { pageSize: 2 }) { pageInfo { total pageCount } }
          }`,
        })
        .expect(200);
      expect(response.body.errors).toBeUndefined();
      const slugs = (list: Array<{ slug: string }>) => list.map((page) => page.slug);
      expect(slugs(response.body.data.first)).toEqual(['home', 'hybrid']);
      expect(slugs(response.body.data.offset)).toEqual(['hybrid', 'home', 'compact']);
      // the family father is served the home page's variant in its place
      expect(response.body.data.homes).toEqual([{ slug: 'home', headline: HOME_LIMOUSINE }]);
      expect(response.body.data.pages_connection.pageInfo).toEqual({ total: 5, pageCount: 3 });
    });
  });

  it('replaces the document inside a list for a visitor the rules pick', async () => {
    const cookie = await familyFather();
    const response = await request(app.server)
      .get('/api/pages')
      .query({ sort: 'slug' })
      .set('Cookie', cookie)
      .expect(200);
    const home = response.body.data.find((page: { slug: string }) => page.slug === 'home');
    expect(home.headline).toBe(HOME_LIMOUSINE);
    expect(home.documentId).toBe(await pageDocumentId('home'));
    expect(response.body.data).toHaveLength(5);
    expect(response.headers['x-cxm-variant']).toMatch(/=family-father/);
    const offers = await request(app.server)
      .get('/api/offers')
      .query({ sort: 'slug' })
      .set('Cookie', cookie)
      .expect(200);
    const leasing = offers.body.data.find(
      (offer: { slug: string }) => offer.slug === 'leasing-offer'
    );
    expect(leasing.headline).toBe('The limousine from 349 € a month');
    expect(offers.headers['x-cxm-variant']).toMatch(/=limousine-leasing/);
  });

  it('serves the variant in findOne by documentId', async () => {
    const cookie = await familyFather();
    const id = await pageDocumentId('home');
    const response = await request(app.server)
      .get(`/api/pages/${id}`)
      .set('Cookie', cookie)
      .expect(200);
    expect(response.body.data.headline).toBe(HOME_LIMOUSINE);
    expect(response.body.data.documentId).toBe(id);
    expect(response.headers['x-cxm-variant']).toBe(`api::page.page/${id}=family-father`);
  });

  it("keeps variants out of an app controller's findFirst and serves the visitor's variant in it", async () => {
    const cookie = await familyFather();
    const id = await pageDocumentId('home');
    const served = await request(app.server)
      .get('/api/pages/by-slug/home')
      .set('Cookie', cookie)
      .expect(200);
    expect(served.body.data.headline).toBe(HOME_LIMOUSINE);
    expect(served.body.data.documentId).toBe(id);
    expect(served.headers['x-cxm-variant']).toBe(`api::page.page/${id}=family-father`);
    // the variant is no document of its own, for the visitor it is served to as for any other
    await request(app.server)
      .get('/api/pages/by-slug/home-limousine')
      .set('Cookie', cookie)
      .expect(404);
    await request(app.server).get('/api/pages/by-slug/home-limousine').expect(404);
    await request(app.server).get('/api/pages/by-slug/no-such-page').expect(404);
    const newcomer = await request(app.server).get('/api/pages/by-slug/home').expect(200);
    expect(newcomer.body.data.headline).toBe(HOME_DEFAULT);
  });

  it('respects fields: only the asked fields of the variant are returned', async () => {
    const cookie = await familyFather();
    const response = await getPage(
      app.server,
      'home',
      { Cookie: cookie },
      { 'fields[0]': 'headline' }
    ).expect(200);
    expect(response.body.data[0].headline).toBe(HOME_LIMOUSINE);
    expect(response.body.data[0].body).toBeUndefined();
  });

  it('respects locale: the variant is served in the asked locale, the base where the variant lacks it', async () => {
    const cookie = await familyFather();
    await app.strapi.plugin('i18n').service('locales').create({ code: 'de', name: 'German (de)' });
    const pages = app.strapi.documents('api::page.page');
    const home = await pageDocumentId('home');
    await pages.update({
      documentId: home,
      locale: 'de',
      data: { title: 'Startseite', slug: 'home', headline: 'Willkommen' } as any,
    });
    await pages.publish({ documentId: home, locale: 'de' });

    const base = await getPage(app.server, 'home', { Cookie: cookie }, { locale: 'de' }).expect(
      200
    );
    expect(base.body.data[0].headline).toBe('Willkommen');
    expect(base.body.data[0].locale).toBe('de');
    expect(base.headers['x-cxm-variant']).toMatch(/=default$/);

    const variant = await pageDocumentId('home-limousine');
    await pages.update({
      documentId: variant,
      locale: 'de',
      data: {
        title: 'Startseite Limousine',
        slug: 'home-limousine',
        headline: 'Die Limousine, die den Familientest gewann',
      } as any,
    });
    await pages.publish({ documentId: variant, locale: 'de' });
    const personalized = await getPage(
      app.server,
      'home',
      { Cookie: cookie },
      { locale: 'de' }
    ).expect(200);
    expect(personalized.body.data[0].headline).toBe('Die Limousine, die den Familientest gewann');
    expect(personalized.body.data[0].locale).toBe('de');
    const english = await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
    expect(english.body.data[0].headline).toBe(HOME_LIMOUSINE);
  });

  it('respects status: an unpublished variant is never served, the base is', async () => {
    const cookie = await familyFather();
    const variantId = await pageDocumentId('home-limousine');
    await app.strapi.documents('api::page.page').unpublish({ documentId: variantId });
    try {
      const response = await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
      expect(response.body.data[0].headline).toBe(HOME_DEFAULT);
      expect(response.headers['x-cxm-variant']).toMatch(/=default$/);
    } finally {
      await app.strapi.documents('api::page.page').publish({ documentId: variantId });
    }
  });

  it('leaves content of other types and admin reads alone', async () => {
    const id = await pageDocumentId('home');
    const response = await request(app.server)
      .get(`/content-manager/collection-types/api::page.page/${id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(response.body.data.headline).toBe(HOME_DEFAULT);
    expect(response.headers['x-cxm-variant']).toBeUndefined();
  });
});

describe('editing rules', () => {
  // the Rules page's API; rule sets are not listed in the Content Manager
  const createRule = (body: Record<string, unknown>) =>
    request(app.server).post('/cxm/rules').set('Authorization', `Bearer ${token}`).send(body);

  it.each([
    [
      [{ name: 'x', condition: { 'geo.contry': { $eq: 'DE' } }, variant: null }],
      /unknown context path 'geo\.contry'.*did you mean 'geo\.country'/,
    ],
    [
      [{ name: 'x', condition: { channel: { $foo: 'email' } }, variant: null }],
      /unknown operator '\$foo'/,
    ],
    [
      [{ name: 'x', condition: { persona: { $eq: 'nobody' } }, variant: null }],
      /unknown persona 'nobody'/,
    ],
    [[{ name: 'x', condition: { 'visit.number': { $gt: 'two' } }, variant: null }], /\$gt/],
    ['not a list', /array/],
  ])('refuses a malformed rule with a 400 that names the problem (%#)', async (rules, message) => {
    const before = await app.strapi.db.query('plugin::cxm.variant-rule').count();
    const response = await createRule({
      baseUid: 'api::page.page',
      baseDocumentId: await pageDocumentId('compact'),
      rules,
    }).expect(400);
    expect(JSON.stringify(response.body.error)).toMatch(message);
    expect(await app.strapi.db.query('plugin::cxm.variant-rule').count()).toBe(before);
  });

  it('refuses rules on a content type that does not exist', async () => {
    const response = await createRule({
      baseUid: 'api::nothing.nothing',
      baseDocumentId: 'abc',
      rules: [],
    }).expect(400);
    expect(response.body.error.message).toMatch(/not a content type/);
  });

  it('takes effect on the next request without a restart', async () => {
    const compact = await pageDocumentId('compact');
    const home = await pageDocumentId('home');
    const existing = await app.strapi
      .documents('plugin::cxm.variant-rule')
      .findFirst({ filters: { baseDocumentId: home } });
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await request(app.server)
      .put(`/cxm/rules/${existing!.documentId}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ rules: [{ name: 'everyone', condition: {}, variant: compact }] })
      .expect(200);
    try {
      const response = await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
      expect(response.body.data[0].headline).toBe('Small outside, big inside');
      expect(response.body.data[0].slug).toBe('home');
    } finally {
      await app.strapi
        .documents('plugin::cxm.variant-rule')
        .update({ documentId: existing!.documentId, data: { rules: existing!.rules } as any });
    }
    expect(
      (await getPage(app.server, 'home', { Cookie: cookie }).expect(200)).body.data[0].headline
    ).toBe(HOME_DEFAULT);
  });
});

describe('tagging content through the admin API (the Personalization panel)', () => {
  const tagging = (method: 'get' | 'put', query = '') =>
    request(app.server)[method](`/cxm/tagging${query}`).set('Authorization', `Bearer ${token}`);

  it('shows the profiles, goals, tag, rules and experiments of an entry', async () => {
    const home = await pageDocumentId('home');
    const response = await tagging('get', `?uid=api::page.page&documentId=${home}`).expect(200);
    expect(response.body.data.profiles[0]).toMatchObject({
      slug: 'vehicle-interest',
      keys: expect.arrayContaining([{ slug: 'limousine', name: 'Limousine', min: 0, max: 10 }]),
    });
    expect(response.body.data.goals[0]).toMatchObject({ slug: 'test-drive-booking', points: 60 });
    expect(response.body.data.tag).toBeNull();
    expect(response.body.data.rules.rules.map((rule: { name: string }) => rule.name)).toEqual([
      'family-father',
      'germany',
    ]);
  });

  it('saves a tag that scores the next view, without a restart, and refuses values out of range', async () => {
    const hybrid = await pageDocumentId('hybrid');
    await tagging('put')
      .send({ uid: 'api::page.page', documentId: hybrid, keyValues: { hybrid: 11 }, goals: [] })
      .expect(400);
    await tagging('put')
      .send({
        uid: 'api::page.page',
        documentId: hybrid,
        keyValues: { hybrid: 3, compact: 2 },
        goals: ['product-video'],
      })
      .expect(200);
    const saved = await tagging('get', `?uid=api::page.page&documentId=${hybrid}`).expect(200);
    expect(saved.body.data.tag).toEqual({
      keyValues: { hybrid: 3, compact: 2 },
      goals: ['product-video'],
    });

    // bad saves are refused and leave the stored tag as it was
    const unknownGoal = await tagging('put')
      .send({
        uid: 'api::page.page',
        documentId: hybrid,
        keyValues: { hybrid: 1 },
        goals: ['no-such-goal'],
      })
      .expect(400);
    expect(unknownGoal.body.error.message).toMatch(/no-such-goal/);
    await tagging('put')
      .send({ uid: 'api::page.page', documentId: hybrid, keyValues: { nokey: 1 }, goals: [] })
      .expect(400);
    await tagging('put').send({ uid: 'not a uid', documentId: hybrid, keyValues: {} }).expect(400);
    await tagging('get', '?uid=api::page.page').expect(400);
    expect(
      (await tagging('get', `?uid=api::page.page&documentId=${hybrid}`).expect(200)).body.data.tag
    ).toEqual(saved.body.data.tag);

    const cookie = cookieOf(await getPage(app.server, 'hybrid').expect(200))!;
    const context = await request(app.server)
      .get('/api/cxm/context')
      .set('Cookie', cookie)
      .expect(200);
    expect(
      context.body.data.topInterests.map((interest: { slug: string }) => interest.slug)
    ).toEqual(['hybrid', 'compact']);
  });

  it('refuses editors without the tagging permission', async () => {
    await request(app.server).get('/cxm/tagging?uid=api::page.page&documentId=x').expect(401);
  });
});

describe('the simulator', () => {
  const simulate = (body: unknown) =>
    request(app.server)
      .post('/cxm/simulate')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  it('serves the home page as a described visitor would get it, and says why', async () => {
    const home = await pageDocumentId('home');
    const asFamilyFather = await simulate({
      uid: 'api::page.page',
      documentId: home,
      context: { persona: 'family-father' },
    }).expect(200);
    expect(asFamilyFather.body.data.served).toMatchObject({
      rule: 'family-father',
      title: 'Home (Limousine)',
    });
    expect(
      asFamilyFather.body.data.rules.map((rule: { name: string; matched: boolean }) => [
        rule.name,
        rule.matched,
      ])
    ).toEqual([
      ['family-father', true],
      ['germany', false],
    ]);

    const fromNuremberg = await simulate({
      uid: 'api::page.page',
      documentId: home,
      context: {
        geo: { country: 'DE', city: 'Nuremberg' },
        campaign: 'spring-newsletter',
        channel: 'email',
      },
    }).expect(200);
    expect(fromNuremberg.body.data.served).toMatchObject({
      rule: 'germany',
      title: 'Home (Germany)',
    });
    expect(fromNuremberg.body.data.rules[1].explanation).toMatchObject({ result: true });

    const reader = await simulate({
      uid: 'api::page.page',
      documentId: home,
      context: { scores: { limousine: 8, leasing: 5, hybrid: 1 } },
    }).expect(200);
    expect(reader.body.data.personas[0]).toMatchObject({
      profile: 'vehicle-interest',
      persona: 'family-father',
    });
    expect(
      reader.body.data.personas[0].distances.map((entry: { persona: string }) => entry.persona)
    ).toEqual(['family-father', 'urban-single']);
    expect(reader.body.data.served.rule).toBe('family-father');

    const nobody = await simulate({ uid: 'api::page.page', documentId: home, context: {} }).expect(
      200
    );
    expect(nobody.body.data.served).toMatchObject({ rule: 'default', documentId: home });
  });

  it('previews the served entry, names what the rules compare with, reads every context and links to the rule set', async () => {
    const home = await pageDocumentId('home');
    const { data } = (
      await simulate({
        uid: 'api::page.page',
        documentId: home,
        context: {
          persona: 'family-father',
          language: 'de-DE',
          referrer: 'https://www.google.com/search?q=family+car',
          utm: { source: 'newsletter', medium: 'email', campaign: 'spring-2026' },
          // a Saturday evening
          at: '2026-05-16T19:30',
          identified: true,
        },
      }).expect(200)
    ).body;
    expect(data.served.title).toBe('Home (Limousine)');
    expect(data.served.preview[0]).toEqual({
      field: 'headline',
      text: 'The limousine that won the family car test',
    });
    expect(data.served.preview.length).toBeGreaterThan(1);
    expect(data.served.preview.map((field: { field: string }) => field.field)).not.toContain(
      'title'
    );
    expect(data.context).toMatchObject({
      language: 'de-DE',
      'referrer.host': 'www.google.com',
      'time.hour': 19,
      'time.weekday': 6,
      date: '2026-05-16',
      'contact.identified': true,
    });
    // the explanation compares slugs; the names say what a marketer calls them
    expect(data.rules[0].explanation).toMatchObject({
      kind: 'leaf',
      path: 'persona',
      operator: '$eq',
      operand: 'family-father',
      actual: ['family-father'],
      result: true,
    });
    expect(data.names.persona['family-father']).toBe('Family father');
    expect(data.names.goal['brochure-download']).toEqual(expect.any(String));
    expect(data.names.campaign['spring-newsletter']).toEqual(expect.any(String));
    expect(data.names.profileKey.limousine).toBe('Limousine');
    const ruleSet = await app.strapi.db
      .query('plugin::cxm.variant-rule')
      .findOne({ where: { baseDocumentId: home } });
    expect(data.ruleSet).toBe(ruleSet.documentId);

    const targets = (
      await request(app.server)
        .get('/cxm/simulator/targets')
        .set('Authorization', `Bearer ${token}`)
        .expect(200)
    ).body.data;
    expect(targets.profiles[0].keys).toContainEqual({
      slug: 'limousine',
      name: 'Limousine',
      min: 0,
      max: 10,
    });
    expect(targets.campaigns).toContainEqual(
      expect.objectContaining({ slug: 'spring-newsletter', channel: 'email' })
    );
    expect(targets.goals.length).toBeGreaterThan(0);
  });

  it.each([
    [{ at: '2026-05-16 19:30' }, 'context.at'],
    [{ at: '2026-02-30T10:00' }, 'context.at'],
    [{ referrer: 'google' }, 'context.referrer'],
    [{ utm: { source: 'x', channel: 'y' } }, 'context.utm'],
  ])('refuses the simulated visitor %j, naming %s', async (context, path) => {
    const response = await simulate({
      uid: 'api::page.page',
      documentId: await pageDocumentId('home'),
      context,
    }).expect(400);
    expect(
      response.body.error.details.errors.map((issue: { path: string }) => issue.path)
    ).toContain(path);
  });

  it('refuses bad simulations', async () => {
    await simulate({
      uid: 'api::page.page',
      documentId: 'x',
      context: { device: 'toaster' },
    }).expect(400);
    await simulate({ uid: 'nope', documentId: 'x' }).expect(400);
    await simulate({ uid: 'api::page.page', documentId: await pageDocumentId('compact') }).expect(
      404
    );
    await request(app.server).post('/cxm/simulate').send({}).expect(401);
  });
});
