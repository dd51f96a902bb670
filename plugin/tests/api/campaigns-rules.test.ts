/**
 * The admin API behind the Campaigns and Rules pages: campaigns and variant rule sets written
 * with validation (a bad condition is a 400 naming its path and stores nothing), the catalog the
 * condition builder offers, and a rule set saved here served by the Content API on the next request.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf, getPage, readPages } from '../helpers/http';
import { IPS } from '../helpers/fixture-ips';

let app: TestApp;
let token: string;

beforeAll(async () => {
  // the test client connects from loopback: loopback is the trusted proxy that forwards the visitor's IP
  app = await startApp({ CXM_TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1' });
  token = await adminToken(app.server);
});

afterAll(async () => {
  await app?.stop();
});

type Method = 'get' | 'post' | 'put' | 'delete';
const admin = (method: Method, path: string, bearer = token) =>
  request(app.server)[method](path).set('Authorization', `Bearer ${bearer}`);
const pageId = async (slug: string) =>
  (await app.strapi.documents('api::page.page').findFirst({ filters: { slug } }))!.documentId;
const storedRuleSets = () => app.strapi.db.query('plugin::cxm.variant-rule').findMany({});

describe('campaigns', () => {
  it('lists the seeded campaigns with channel and cost', async () => {
    const list = await admin('get', '/cxm/campaigns').expect(200);
    expect(
      list.body.data.find((campaign: { slug: string }) => campaign.slug === 'search-ads')
    ).toMatchObject({
      name: 'Search ads',
      channel: 'paid-search',
      utmCampaign: 'brand-search',
      cost: 1200,
    });
    expect(list.body.meta.channels).toEqual([
      'direct',
      'organic-search',
      'paid-search',
      'email',
      'social',
      'referral',
      'display',
      'offline',
    ]);
  });

  it('creates, updates and deletes a campaign; the new campaign is credited on the next visit', async () => {
    const created = await admin('post', '/cxm/campaigns')
      .send({
        name: 'Summer roadshow',
        channel: 'display',
        utmCampaign: 'roadshow-2026',
        cost: 2500,
      })
      .expect(201);
    expect(created.body.data).toMatchObject({
      slug: 'summer-roadshow',
      channel: 'display',
      cost: 2500,
      linkToken: null,
    });
    const { documentId } = created.body.data;

    const landing = 'https://cars.example/?utm_campaign=roadshow-2026&utm_medium=display';
    const cookie = cookieOf(
      await getPage(app.server, 'home', { 'X-CXM-Page-Url': landing }).expect(200)
    )!;
    const context = await request(app.server)
      .get('/api/cxm/context')
      .set('Cookie', cookie)
      .expect(200);
    expect(context.body.data.visit).toMatchObject({
      campaign: 'summer-roadshow',
      channel: 'display',
    });

    const updated = await admin('put', `/cxm/campaigns/${documentId}`)
      .send({ cost: 3000, utmSource: '' })
      .expect(200);
    expect(updated.body.data).toMatchObject({
      slug: 'summer-roadshow',
      name: 'Summer roadshow',
      cost: 3000,
      utmSource: null,
    });

    await admin('delete', `/cxm/campaigns/${documentId}`).expect(204);
    const after = await admin('get', '/cxm/campaigns').expect(200);
    expect(
      after.body.data.some((campaign: { slug: string }) => campaign.slug === 'summer-roadshow')
    ).toBe(false);
    await admin('delete', `/cxm/campaigns/${documentId}`).expect(404);
  });

  it.each([
    [{ name: 'Bad channel', channel: 'carrier-pigeon', utmCampaign: 'x' }, /channel/],
    [{ name: 'Negative cost', channel: 'email', utmCampaign: 'x', cost: -1 }, /cost/],
    [
      { name: 'Spring newsletter', channel: 'email', utmCampaign: 'x' },
      /spring-newsletter' exists already/,
    ],
    [{ name: 'Other', slug: 'Not A Slug', channel: 'email', utmCampaign: 'x' }, /slug/],
    [{ name: 'Unrecognisable', channel: 'email' }, /utm_campaign value or a link token/],
    [
      { name: 'Token thief', channel: 'offline', linkToken: 'poster-2026' },
      /link token 'poster-2026'/,
    ],
    [{ name: 'Extra', channel: 'email', utmCampaign: 'x', budget: 3 }, /budget|unrecognized/i],
  ])('refuses an invalid campaign and stores nothing (%#)', async (body, message) => {
    const before = await app.strapi.db.query('plugin::cxm.campaign').count({});
    const response = await admin('post', '/cxm/campaigns').send(body).expect(400);
    expect(JSON.stringify(response.body.error)).toMatch(message);
    expect(await app.strapi.db.query('plugin::cxm.campaign').count({})).toBe(before);
  });

  it("refuses an update that takes another campaign's slug", async () => {
    const list = await admin('get', '/cxm/campaigns').expect(200);
    const fanPage = list.body.data.find(
      (campaign: { slug: string }) => campaign.slug === 'fan-page-post'
    );
    const response = await admin('put', `/cxm/campaigns/${fanPage.documentId}`)
      .send({ slug: 'search-ads' })
      .expect(400);
    expect(response.body.error.message).toMatch(/search-ads' exists already/);
    await admin('put', '/cxm/campaigns/no-such-campaign').send({ cost: 1 }).expect(404);
  });
});

describe('rules: what the condition builder offers', () => {
  it('serves the catalog: paths with type, description and operators, and value suggestions', async () => {
    const { body } = await admin('get', '/cxm/rules/catalog').expect(200);
    const country = body.data.paths.find((path: { path: string }) => path.path === 'geo.country');
    expect(country).toMatchObject({
      type: 'string',
      reads: 'current',
      suggestions: 'country',
      description: expect.stringMatching(/Country/),
    });
    expect(country.operators.map((operator: { operator: string }) => operator.operator)).toEqual(
      expect.arrayContaining(['$eq', '$in', '$notIn', '$startsWith', '$null'])
    );
    const returning = body.data.paths.find(
      (path: { path: string }) => path.path === 'visit.returning'
    );
    expect(
      returning.operators.map((operator: { operator: string }) => operator.operator)
    ).not.toContain('$gt');
    const visitNumber = body.data.paths.find(
      (path: { path: string }) => path.path === 'visit.number'
    );
    expect(visitNumber.operators).toContainEqual({ operator: '$between', operand: 'range' });
    expect(
      visitNumber.operators.map((operator: { operator: string }) => operator.operator)
    ).not.toContain('$contains');
    expect(
      body.data.prefixes.find((prefix: { prefix: string }) => prefix.prefix === 'scores.')
    ).toMatchObject({ type: 'number', nameSuggestions: 'profileKey' });
    expect(body.data.suggestions.persona).toEqual(
      expect.arrayContaining([
        { value: 'family-father', label: 'Family father' },
        { value: 'urban-single', label: 'Urban single' },
      ])
    );
    expect(body.data.suggestions.profileKey).toContainEqual({
      value: 'limousine',
      label: 'Limousine',
    });
    expect(body.data.suggestions.goal).toContainEqual({
      value: 'test-drive-booking',
      label: 'Test-drive booking',
    });
    expect(body.data.suggestions.campaign).toContainEqual({
      value: 'spring-newsletter',
      label: 'Spring newsletter',
    });
    expect(
      body.data.suggestions.channel.map((channel: { value: string }) => channel.value)
    ).toContain('email');
    expect(body.data.suggestions.device.map((device: { value: string }) => device.value)).toEqual([
      'desktop',
      'mobile',
      'tablet',
    ]);
    expect(
      body.data.suggestions.country.map((country: { value: string }) => country.value)
    ).toEqual(expect.arrayContaining(['AT', 'DE', 'US']));
  });

  it('lists the documents of a type to pick base and variants from, and refuses other types', async () => {
    const { body } = await admin('get', '/cxm/rules/documents?uid=api::page.page').expect(200);
    expect(body.data).toContainEqual({
      documentId: await pageId('compact'),
      title: 'Compact',
      slug: 'compact',
    });
    expect(body.data).toHaveLength(7);
    await admin('get', '/cxm/rules/documents?uid=api::nothing.nothing').expect(400);
    await admin('get', '/cxm/rules/documents?uid=admin::user').expect(400);
  });

  it("lists the rule sets with their base document, type name and the variants' titles", async () => {
    const { body } = await admin('get', '/cxm/rules').expect(200);
    const home = body.data.ruleSets.find(
      (set: { base: { slug: string } }) => set.base.slug === 'home'
    );
    expect(home).toMatchObject({
      name: 'Home page variants',
      enabled: true,
      baseUid: 'api::page.page',
      typeName: 'Page',
      base: { title: 'Home', slug: 'home' },
      variants: {
        [await pageId('home-limousine')]: 'Home (Limousine)',
        [await pageId('home-germany')]: 'Home (Germany)',
      },
    });
    expect(home.rules.map((rule: { name: string }) => rule.name)).toEqual([
      'family-father',
      'germany',
    ]);
    expect(body.data.types).toContainEqual({ uid: 'api::page.page', displayName: 'Page' });
  });

  it('validates a condition or a rule set without storing anything', async () => {
    const valid = await admin('post', '/cxm/rules/validate')
      .send({
        condition: { persona: { $eq: 'family-father' }, 'geo.country': { $in: ['DE', 'AT'] } },
      })
      .expect(200);
    expect(valid.body.data).toEqual({ valid: true, issues: [] });
    const invalid = await admin('post', '/cxm/rules/validate')
      .send({ condition: { 'geo.contry': { $eq: 'DE' } } })
      .expect(200);
    expect(invalid.body.data.valid).toBe(false);
    expect(invalid.body.data.issues).toEqual([
      {
        path: 'geo.contry',
        message: expect.stringMatching(
          /unknown context path 'geo.contry'; did you mean 'geo.country'/
        ),
      },
    ]);
    const ruleSet = await admin('post', '/cxm/rules/validate')
      .send({
        baseUid: 'api::page.page',
        rules: [
          { name: 'a', condition: { 'visit.number': { $gt: 'two' } }, variant: 'no-such-page' },
        ],
      })
      .expect(200);
    expect(ruleSet.body.data.issues).toEqual([
      {
        path: 'rules[0].condition.visit.number.$gt',
        message: expect.stringMatching(/expects a number/),
      },
      { path: 'rules[0].variant', message: "'no-such-page' is not a document of api::page.page" },
    ]);
    await admin('post', '/cxm/rules/validate').send({ nothing: true }).expect(400);
  });
});

describe('rules: writing rule sets', () => {
  const ruleFor = async (variantSlug: string, condition: unknown, name = 'r1') => ({
    name,
    condition,
    variant: await pageId(variantSlug),
  });

  it.each([
    [
      'an unknown path',
      { 'geo.contry': { $eq: 'AT' } },
      'rules[0].condition.geo.contry',
      /unknown context path/,
    ],
    [
      'an unknown operator',
      { 'geo.country': { $equals: 'AT' } },
      'rules[0].condition.geo.country.$equals',
      /unknown operator '\$equals'/,
    ],
    [
      'a value of the wrong type',
      { 'visit.number': { $gte: '2' } },
      'rules[0].condition.visit.number.$gte',
      /expects a number/,
    ],
    [
      'an unknown persona',
      { persona: { $eq: 'rich-uncle' } },
      'rules[0].condition.persona.$eq',
      /unknown persona 'rich-uncle'/,
    ],
  ])(
    'refuses a rule set with %s: 400 naming the path, nothing stored',
    async (_label, condition, path, message) => {
      const before = await storedRuleSets();
      const response = await admin('post', '/cxm/rules')
        .send({
          baseUid: 'api::page.page',
          baseDocumentId: await pageId('hybrid'),
          rules: [await ruleFor('compact', condition)],
        })
        .expect(400);
      expect(response.body.error.message).toContain(path);
      expect(response.body.error.details.errors).toContainEqual({
        path,
        message: expect.stringMatching(message),
      });
      expect(await storedRuleSets()).toEqual(before);
    }
  );

  it('refuses a second rule set for the same document, a variant of another type and a missing base', async () => {
    const home = await pageId('home');
    const duplicate = await admin('post', '/cxm/rules')
      .send({ baseUid: 'api::page.page', baseDocumentId: home, rules: [] })
      .expect(400);
    expect(duplicate.body.error.message).toMatch(/has a rule set already/);
    const dealer = (await app.strapi.documents('api::dealer.dealer').findFirst({}))!.documentId;
    const foreign = await admin('post', '/cxm/rules')
      .send({
        baseUid: 'api::page.page',
        baseDocumentId: await pageId('hybrid'),
        rules: [{ name: 'x', condition: {}, variant: dealer }],
      })
      .expect(400);
    expect(foreign.body.error.details.errors).toEqual([
      { path: 'rules[0].variant', message: `'${dealer}' is not a document of api::page.page` },
    ]);
    await admin('post', '/cxm/rules')
      .send({ baseUid: 'api::page.page', baseDocumentId: 'missing', rules: [] })
      .expect(400);
    await admin('post', '/cxm/rules')
      .send({ baseUid: 'api::nothing.nothing', baseDocumentId: 'missing', rules: [] })
      .expect(400);
  });

  it('creates, reorders (keeping unknown per-rule fields), renames and deletes a rule set', async () => {
    const hybrid = await pageId('hybrid');
    const rules = [
      { ...(await ruleFor('compact', { device: { $eq: 'mobile' } }, 'mobile')), enabled: false },
      await ruleFor('limousine', { 'visit.number': { $between: [2, 5] } }, 'returning'),
    ];
    const created = await admin('post', '/cxm/rules')
      .send({ name: 'Hybrid page', baseUid: 'api::page.page', baseDocumentId: hybrid, rules })
      .expect(201);
    expect(created.body.data).toMatchObject({
      name: 'Hybrid page',
      base: { title: 'Hybrid' },
      variants: { [await pageId('compact')]: 'Compact', [await pageId('limousine')]: 'Limousine' },
    });
    const { documentId } = created.body.data;

    const reordered = await admin('put', `/cxm/rules/${documentId}`)
      .send({ rules: [rules[1], rules[0]] })
      .expect(200);
    expect(reordered.body.data.rules).toEqual([rules[1], rules[0]]);
    expect(reordered.body.data.name).toBe('Hybrid page');
    const stored = await app.strapi.db
      .query('plugin::cxm.variant-rule')
      .findOne({ where: { documentId } });
    expect(stored.rules[1]).toEqual({ ...rules[0], enabled: false });

    await admin('put', `/cxm/rules/${documentId}`)
      .send({ name: 'Hybrid page variants', enabled: false })
      .expect(200);
    await admin('put', `/cxm/rules/${documentId}`)
      .send({ rules: [{ name: 'bad', condition: { os: { $gt: true } }, variant: null }] })
      .expect(400);
    await admin('put', `/cxm/rules/${documentId}`).send({ baseDocumentId: 'another' }).expect(400);
    const list = await admin('get', '/cxm/rules').expect(200);
    expect(
      list.body.data.ruleSets.find((set: { documentId: string }) => set.documentId === documentId)
    ).toMatchObject({ name: 'Hybrid page variants', enabled: false, rules: [rules[1], rules[0]] });

    await admin('delete', `/cxm/rules/${documentId}`).expect(204);
    await admin('delete', `/cxm/rules/${documentId}`).expect(404);
    await admin('put', `/cxm/rules/${documentId}`).send({ enabled: true }).expect(404);
  });

  it('serves a rule set saved through the API on the next Content API request', async () => {
    const { body } = await admin('get', '/cxm/rules').expect(200);
    const seeded = body.data.ruleSets.find(
      (set: { base: { slug: string } }) => set.base.slug === 'home'
    );
    await admin('delete', `/cxm/rules/${seeded.documentId}`).expect(204);
    const fromVienna = { 'X-Forwarded-For': IPS.vienna };
    expect((await getPage(app.server, 'home', fromVienna).expect(200)).body.data[0].headline).toBe(
      'Drive the future: our new hybrid range'
    );

    await admin('post', '/cxm/rules')
      .send({
        name: 'Home for Austria and city drivers',
        baseUid: 'api::page.page',
        baseDocumentId: await pageId('home'),
        rules: [
          await ruleFor('compact', { persona: { $eq: 'urban-single' } }, 'urban-single'),
          await ruleFor(
            'home-germany',
            { 'geo.country': { $in: ['AT', 'CH'] } },
            'german-speaking'
          ),
        ],
      })
      .expect(201);

    const austrian = await getPage(app.server, 'home', fromVienna).expect(200);
    expect(austrian.body.data[0].headline).toBe('Die Zukunft fahren: unsere neuen Hybridmodelle');
    expect(austrian.body.data[0].slug).toBe('home');
    expect(austrian.headers['x-cxm-variant']).toMatch(/=german-speaking$/);

    // the variant (compact) is no longer listed on its own, so the city driver reads about hybrids
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await readPages(app.server, cookie, ['hybrid', 'hybrid', 'hybrid']);
    const urban = await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
    expect(urban.headers['x-cxm-variant']).toMatch(/=urban-single$/);
    expect(urban.body.data[0].headline).toBe('Small outside, big inside');
  });
});

describe('permissions', () => {
  it('refuses the campaign and rule endpoints to an editor without the definitions permission', async () => {
    const editor = await app.strapi.db
      .query('admin::role')
      .findOne({ where: { code: 'strapi-editor' } });
    await app.strapi.service('admin::user').create({
      firstname: 'Eddie',
      lastname: 'Editor',
      email: 'editor@example.com',
      password: 'Editor-Pass-2026',
      isActive: true,
      registrationToken: null,
      roles: [editor.id],
    });
    const login = await request(app.server)
      .post('/admin/login')
      .send({ email: 'editor@example.com', password: 'Editor-Pass-2026' })
      .expect(200);
    const editorToken = login.body.data.token;
    const before = await storedRuleSets();
    await admin('get', '/cxm/campaigns', editorToken).expect(403);
    await admin('post', '/cxm/campaigns', editorToken)
      .send({ name: 'Sneaky', channel: 'email', utmCampaign: 'sneaky' })
      .expect(403);
    await admin('get', '/cxm/rules', editorToken).expect(403);
    await admin('get', '/cxm/rules/catalog', editorToken).expect(403);
    await admin('post', '/cxm/rules/validate', editorToken).send({ condition: {} }).expect(403);
    await admin('post', '/cxm/rules', editorToken)
      .send({ baseUid: 'api::page.page', baseDocumentId: await pageId('compact'), rules: [] })
      .expect(403);
    await admin('delete', `/cxm/rules/${before[0].documentId}`, editorToken).expect(403);
    await request(app.server).get('/cxm/rules').expect(401);
    expect(await storedRuleSets()).toEqual(before);
  });
});
