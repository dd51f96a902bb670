/**
 * Personalization inside populated relations, components and dynamic zones, through REST (every
 * populate syntax) and GraphQL, on the demo's real content model: pages with blocks and an SEO
 * component, offers they relate to, images uploaded by the seed.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { cookieOf, FAMILY_FATHER_READS, getPage, readPages } from '../helpers/http';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

const PAGE = 'api::page.page';
const OFFER = 'api::offer.offer';
const LEASING_DEFAULT = 'Leasing from 199 € a month';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const LEASING_LIMOUSINE = 'The limousine from 349 € a month';
const HYBRID_BONUS = '3,000 € bonus on every hybrid';

const documentIdOf = async (uid: typeof PAGE | typeof OFFER, slug: string) =>
  (await app.strapi.documents(uid).findFirst({ filters: { slug } }))!.documentId;

/** A limousine fan (one limousine page read): the leasing offer's rule serves the limousine offer, the home page stays the default. */
async function limousineFan(): Promise<string> {
  const cookie = cookieOf(await getPage(app.server, 'limousine').expect(200))!;
  return cookie;
}

async function familyFather(): Promise<string> {
  const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
  await readPages(app.server, cookie, FAMILY_FATHER_READS);
  return cookie;
}

const home = (cookie: string | undefined, query: Record<string, string>) =>
  getPage(app.server, 'home', cookie ? { Cookie: cookie } : {}, query).expect(200);

interface Offer {
  documentId: string;
  slug?: string;
  headline: string;
  image?: { name: string };
}
const graphql = (query: string, headers: Record<string, string> = {}) =>
  request(app.server).post('/graphql').set(headers).send({ query }).expect(200);
const headlines = (offers: Offer[]) => offers.map((offer) => offer.headline);
/** Document Service data of the example app's types, which the plugin's typings do not know. */
const appData = (fields: Record<string, unknown>) => fields as never;

describe('REST: related entries are personalized in every populate syntax', () => {
  it.each<[string, Record<string, string>, (data: Record<string, unknown>) => Offer[]]>([
    ['populate=*', { populate: '*' }, (page) => page.offers as Offer[]],
    ['a list of paths', { populate: 'offers.image,seo' }, (page) => page.offers as Offer[]],
    [
      'an array',
      { 'populate[0]': 'offers', 'populate[1]': 'blocks' },
      (page) => page.offers as Offer[],
    ],
    [
      'nested objects',
      { 'populate[offers][populate][image]': 'true' },
      (page) => page.offers as Offer[],
    ],
    [
      'dynamic-zone fragments',
      {
        'populate[blocks][on][blocks.teaser-grid][populate][offers][populate]': 'image',
        'populate[blocks][on][blocks.hero][populate]': '*',
      },
      (page) => (page.blocks as Array<{ offers?: Offer[] }>)[1].offers!,
    ],
  ])('%s', async (_syntax, query, offersOf) => {
    const leasing = await documentIdOf(OFFER, 'leasing-offer');
    const response = await home(await limousineFan(), query);
    const offers = offersOf(response.body.data[0]);
    const served = offers.find((offer) => offer.documentId === leasing)!;
    expect(served).toMatchObject({ slug: 'leasing-offer', headline: LEASING_LIMOUSINE });
    expect(headlines(offers)).toContain(HYBRID_BONUS);
    if (served.image) expect(served.image.name).toBe('offer-limousine-leasing.png');
    expect(response.headers['x-cxm-variant']).toContain(`${OFFER}/${leasing}=limousine-leasing`);
    expect(response.headers['x-cxm-variant']).toMatch(/api::page\.page\/\w+=default/);
    expect(response.headers['cache-control']).toMatch(/private/);

    const stranger = await home(undefined, query);
    expect(headlines(offersOf(stranger.body.data[0]))).toContain(LEASING_DEFAULT);
    expect(stranger.headers['x-cxm-variant']).toContain(`${OFFER}/${leasing}=default`);
  });

  it('a Family father sees the limousine hero and the limousine leasing offer inside the home page blocks', async () => {
    const response = await home(await familyFather(), {
      'populate[blocks][on][blocks.hero][populate]': '*',
      'populate[blocks][on][blocks.teaser-grid][populate]': '*',
      'populate[blocks][on][blocks.dealer-box]': 'true',
      'populate[seo][populate]': 'shareImage',
    });
    const page = response.body.data[0];
    const [hero, grid, dealerBox] = page.blocks;
    expect(hero).toMatchObject({
      __component: 'blocks.hero',
      headline: 'The limousine that won the family car test',
      image: { name: 'hero-limousine.png', url: expect.stringMatching(/^\/uploads\//) },
      callToAction: { label: 'Book a test drive' },
      offer: { slug: 'leasing-offer', headline: LEASING_LIMOUSINE }, // a to-one relation
    });
    expect(headlines(grid.offers)).toEqual([LEASING_LIMOUSINE]);
    expect(grid.pages.map((teased: { slug: string }) => teased.slug)).toEqual(['limousine']);
    expect(dealerBox).toMatchObject({ __component: 'blocks.dealer-box', dealers: 1 });
    expect(page.seo.shareImage.name).toBe('hero-limousine.png');
    expect(page.slug).toBe('home');
    // the offer is served in two places, and named once
    const named = response.headers['x-cxm-variant'].split(', ');
    expect(named.filter((entry: string) => entry.startsWith(OFFER))).toEqual([
      `${OFFER}/${await documentIdOf(OFFER, 'leasing-offer')}=limousine-leasing`,
    ]);
  });

  it('carries fields over: the variant has the fields the populate asked for, no more', async () => {
    const response = await home(await limousineFan(), {
      'populate[offers][fields][0]': 'headline',
    });
    for (const offer of response.body.data[0].offers)
      expect(Object.keys(offer).sort()).toEqual(['documentId', 'headline', 'id']);
    expect(headlines(response.body.data[0].offers)).toEqual([HYBRID_BONUS, LEASING_LIMOUSINE]);
  });

  it('goes down any depth: offers of the teaser grid of a page teased by a teaser grid', async () => {
    const response = await home(await limousineFan(), {
      'populate[blocks][on][blocks.teaser-grid][populate][pages][populate][blocks][on][blocks.teaser-grid][populate]':
        'offers',
    });
    // a fragment reads only the components it names: the teaser grids
    const [grid] = response.body.data[0].blocks;
    const limousinePage = grid.pages.find(
      (teased: { slug: string }) => teased.slug === 'limousine'
    );
    expect(limousinePage.blocks).toHaveLength(1);
    expect(headlines(limousinePage.blocks[0].offers)).toEqual([LEASING_LIMOUSINE]);
  });

  it('does not score a populated entry: a teaser is not a view', async () => {
    const cookie = cookieOf(await home(undefined, { populate: '*' }))!;
    for (let read = 0; read < 3; read++) await home(cookie, { populate: '*' });
    const context = await request(app.server)
      .get('/api/cxm/context')
      .set('Cookie', cookie)
      .expect(200);
    expect(context.body.data.topInterests).toEqual([]);
    expect(context.body.data.personas).toEqual([]);
  });
});

describe('GraphQL: queries and nested relations as REST reads are', () => {
  const HOME_QUERY = `{
    pages(filters: { slug: { eq: "home" } }) {
      documentId slug headline
      offers { documentId slug headline }
      blocks {
        __typename
        ... on ComponentBlocksHero { headline image { name } offer { slug headline } }
        ... on ComponentBlocksTeaserGrid {
          offers { slug headline image { name } }
          offers_connection { nodes { headline } }
        }
      }
    }
  }`;

  it('serves a Family father the limousine home page with its limousine hero and offer, with the REST headers', async () => {
    const cookie = await familyFather();
    const response = await graphql(HOME_QUERY, { Cookie: cookie });
    expect(response.body.errors).toBeUndefined();
    const [page] = response.body.data.pages;
    expect(page).toMatchObject({
      documentId: await documentIdOf(PAGE, 'home'),
      slug: 'home',
      headline: 'The limousine that won the family car test',
    });
    expect(headlines(page.offers)).toEqual([LEASING_LIMOUSINE]);
    const [hero, grid] = page.blocks;
    expect(hero).toEqual({
      __typename: 'ComponentBlocksHero',
      headline: 'The limousine that won the family car test',
      image: { name: 'hero-limousine.png' },
      offer: { slug: 'leasing-offer', headline: LEASING_LIMOUSINE },
    });
    expect(grid.offers).toEqual([
      {
        slug: 'leasing-offer',
        headline: LEASING_LIMOUSINE,
        image: { name: 'offer-limousine-leasing.png' },
      },
    ]);
    expect(headlines(grid.offers_connection.nodes)).toEqual([LEASING_LIMOUSINE]);
    const leasing = await documentIdOf(OFFER, 'leasing-offer');
    expect(response.headers['x-cxm-variant']).toContain(`${OFFER}/${leasing}=limousine-leasing`);
    expect(response.headers['x-cxm-variant']).toMatch(/api::page\.page\/\w+=family-father/);
    expect(response.headers['cache-control']).toMatch(/private/);
    expect(response.headers['vary']).toMatch(/Cookie/);
  });

  it('knows the visitor from X-CXM-Visitor, and issues a new visitor an id', async () => {
    const first = await graphql(HOME_QUERY);
    expect(first.body.data.pages[0].headline).toBe('Drive the future: our new hybrid range');
    expect(headlines(first.body.data.pages[0].offers)).toEqual([HYBRID_BONUS, LEASING_DEFAULT]);
    const issued = first.headers['x-cxm-visitor'];
    expect(cookieOf(first)).toBe(`cxm_vid=${issued}`);
    await getPage(app.server, 'limousine', { 'X-CXM-Visitor': issued }).expect(200);
    const again = await graphql(HOME_QUERY, { 'X-CXM-Visitor': issued });
    expect(headlines(again.body.data.pages[0].offers)).toEqual([HYBRID_BONUS, LEASING_LIMOUSINE]);
    expect(again.headers['x-cxm-visitor']).toBeUndefined();
  });

  it('keeps variants out of collections and counts', async () => {
    const response = await graphql(
      `
        {
          offers {
            slug
          }
          offers_connection {
            pageInfo {
              total
            }
          }
          pages_connection {
            pageInfo {
              total
            }
          }
        }
      `,
      { Cookie: await familyFather() }
    );
    expect(response.body.data.offers.map((offer: { slug: string }) => offer.slug).sort()).toEqual([
      'hybrid-bonus',
      'leasing-offer',
    ]);
    expect(response.body.data.offers_connection.pageInfo.total).toBe(2);
    // limousine, hybrid, compact, accessories and home; the home variants are not counted
    expect(response.body.data.pages_connection.pageInfo.total).toBe(5);
  });

  it("adds nothing to the app's schema: none of the plugin's types or queries", async () => {
    const response = await graphql(`
      {
        __schema {
          types {
            name
          }
          queryType {
            fields {
              name
            }
          }
        }
      }
    `);
    const names = [
      ...response.body.data.__schema.types.map((type: { name: string }) => type.name),
      ...response.body.data.__schema.queryType.fields.map((field: { name: string }) => field.name),
    ];
    expect(names.filter((name) => /cxm/i.test(name))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['pages', 'offers', 'ComponentBlocksHero']));
  });
});

describe('locale, status and lists of related entries', () => {
  it('serves a related entry in the locale the page is read in', async () => {
    await app.strapi.plugin('i18n').service('locales').create({ code: 'de', name: 'German (de)' });
    const offers = app.strapi.documents(OFFER);
    const leasing = await documentIdOf(OFFER, 'leasing-offer');
    const german = {
      'leasing-offer': 'Leasing ab 199 € im Monat',
      'leasing-offer-limousine': 'Die Limousine ab 349 € im Monat',
    };
    for (const [slug, headline] of Object.entries(german)) {
      const documentId = await documentIdOf(OFFER, slug);
      await offers.update({
        documentId,
        locale: 'de',
        data: appData({ title: slug, slug, headline }),
      });
      await offers.publish({ documentId, locale: 'de' });
    }
    const limousine = await documentIdOf(PAGE, 'limousine');
    await app.strapi.documents(PAGE).update({
      documentId: limousine,
      locale: 'de',
      data: appData({
        title: 'Limousine',
        slug: 'limousine',
        headline: 'Platz, Komfort, Sicherheit',
        offers: [leasing],
      }),
    });
    await app.strapi.documents(PAGE).publish({ documentId: limousine, locale: 'de' });

    const response = await getPage(
      app.server,
      'limousine',
      { Cookie: await limousineFan() },
      {
        locale: 'de',
        'populate[offers][fields][0]': 'headline',
        'populate[offers][fields][1]': 'locale',
      }
    ).expect(200);
    expect(response.body.data[0].offers).toEqual([
      {
        id: expect.any(Number),
        documentId: leasing,
        headline: german['leasing-offer-limousine'],
        locale: 'de',
      },
    ]);
  });

  it('serves a related entry in the status the page is read in: drafts with drafts', async () => {
    const variant = await documentIdOf(OFFER, 'leasing-offer-limousine');
    await app.strapi.documents(OFFER).update({
      documentId: variant,
      data: appData({ headline: 'Soon: the limousine for 329 €' }),
    });
    const cookie = await limousineFan();
    const query = { 'populate[offers][fields][0]': 'headline' };
    const published = await home(cookie, query);
    expect(headlines(published.body.data[0].offers)).toEqual([HYBRID_BONUS, LEASING_LIMOUSINE]);
    const draft = await home(cookie, { ...query, status: 'draft' });
    expect(headlines(draft.body.data[0].offers)).toEqual([
      HYBRID_BONUS,
      'Soon: the limousine for 329 €',
    ]);
  });

  it('never lists a variant in a relation list, where an editor linked it, for crawlers neither', async () => {
    const pages = app.strapi.documents(PAGE);
    const compact = await documentIdOf(PAGE, 'compact');
    await pages.update({
      documentId: compact,
      data: appData({
        offers: [
          await documentIdOf(OFFER, 'leasing-offer-limousine'),
          await documentIdOf(OFFER, 'hybrid-bonus'),
        ],
      }),
    });
    await pages.publish({ documentId: compact });
    const callers: Array<Record<string, string>> = [
      { 'User-Agent': GOOGLEBOT },
      {},
      { Cookie: await limousineFan() },
    ];
    for (const headers of callers) {
      const response = await getPage(app.server, 'compact', headers, {
        'populate[offers][fields][0]': 'slug',
      }).expect(200);
      expect(response.body.data[0].offers.map((offer: Offer) => offer.slug)).toEqual([
        'hybrid-bonus',
      ]);
      const query = `{ pages(filters: { slug: { eq: "compact" } }) { offers { slug } offers_connection { nodes { slug } } } }`;
      const { data } = (await graphql(query, headers)).body;
      expect(data.pages[0].offers).toEqual([{ slug: 'hybrid-bonus' }]);
      expect(data.pages[0].offers_connection.nodes).toEqual([{ slug: 'hybrid-bonus' }]);
    }
  });

  it('personalizes the relations of a type that has no rules or tags itself', async () => {
    const fan = await limousineFan(); // while the limousine page is tagged
    const contentTags = app.strapi.documents('plugin::cxm.content-tag');
    const variantRules = app.strapi.documents('plugin::cxm.variant-rule');
    for (const { documentId } of await contentTags.findMany({ filters: { targetUid: PAGE } }))
      await contentTags.delete({ documentId });
    for (const { documentId } of await variantRules.findMany({ filters: { baseUid: PAGE } }))
      await variantRules.delete({ documentId });

    const query = { 'populate[offers][fields][0]': 'headline' };
    const response = await home(fan, query);
    expect(headlines(response.body.data[0].offers)).toEqual([HYBRID_BONUS, LEASING_LIMOUSINE]);
    const leasing = await documentIdOf(OFFER, 'leasing-offer');
    expect(response.headers['x-cxm-variant']).toBe(`${OFFER}/${leasing}=limousine-leasing`);
    const stranger = await home(undefined, query);
    expect(headlines(stranger.body.data[0].offers)).toEqual([HYBRID_BONUS, LEASING_DEFAULT]);
  });
});
