/** Variants made from an entry in the Content Manager's Personalization panel (POST /cxm/variants). */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, getPage } from '../helpers/http';

const PAGE = 'api::page.page';
const RULES = 'plugin::cxm.variant-rule';
const EMAIL_VISIT = {
  'X-CXM-Page-Url':
    'https://cars.example/?utm_source=newsletter&utm_medium=email&utm_campaign=spring-2026',
};

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app.server);
});

afterAll(async () => {
  await app?.stop();
});

const pages = () => app.strapi.documents(PAGE);
const ruleSets = () => app.strapi.documents(RULES);
const pageBySlug = async (slug: string) =>
  (await pages().findFirst({ filters: { slug }, status: 'draft' }))!;
const ruleSetOf = (documentId: string) =>
  ruleSets().findFirst({ filters: { baseUid: PAGE, baseDocumentId: documentId } }) as Promise<any>;
const createVariant = (body: unknown, bearer = token) =>
  request(app.server)
    .post('/cxm/variants')
    .set('Authorization', `Bearer ${bearer}`)
    .send(body as object);
const editRule = (body: unknown) =>
  request(app.server)
    .put('/cxm/variants/rule')
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
const tagging = (documentId: string) =>
  request(app.server)
    .get('/cxm/tagging')
    .query({ uid: PAGE, documentId, locale: 'en' })
    .set('Authorization', `Bearer ${token}`);

async function login(email: string, roleId: number) {
  const password = 'Variant-Pass-2026';
  await app.strapi.service('admin::user').create({
    firstname: 'Test',
    lastname: 'User',
    email,
    password,
    isActive: true,
    registrationToken: null,
    roles: [roleId],
  });
  return (await request(app.server).post('/admin/login').send({ email, password }).expect(200)).body
    .data.token as string;
}

/** What a refused or bad request must leave untouched. */
const snapshot = async () => ({
  pages: await pages().count({ status: 'draft' } as any),
  ruleSets: await ruleSets().findMany({}),
});

describe('creating a variant of the hybrid page', () => {
  let hybrid: Awaited<ReturnType<typeof pageBySlug>>;
  let variantId: string;

  beforeAll(async () => {
    hybrid = await pageBySlug('hybrid');
    expect(await ruleSetOf(hybrid.documentId)).toBeNull();
    const response = await createVariant({
      uid: PAGE,
      documentId: hybrid.documentId,
      locale: 'en',
    }).expect(201);
    variantId = response.body.data.documentId;
    expect(response.body.data).toMatchObject({
      locale: 'en',
      title: 'Hybrid (variant)',
      rule: 'Variant: Hybrid (variant)',
    });
  });

  it('stores a draft copy with the same content, the slug made unique and the title marked', async () => {
    const variant = (await pages().findOne({
      documentId: variantId,
      locale: 'en',
      status: 'draft',
    }))!;
    expect(variant).toMatchObject({
      title: 'Hybrid (variant)',
      slug: 'hybrid-variant',
      kind: hybrid.kind,
      headline: hybrid.headline,
      body: hybrid.body,
      callToAction: hybrid.callToAction,
      publishedAt: null,
    });
    expect(await pages().findOne({ documentId: variantId, status: 'published' })).toBeNull();
  });

  it('appends a disabled rule for everyone to a new rule set of the base', async () => {
    const ruleSet = await ruleSetOf(hybrid.documentId);
    expect(ruleSet).toMatchObject({ enabled: true, name: 'Variants of Hybrid' });
    expect(ruleSet.rules).toEqual([
      { name: 'Variant: Hybrid (variant)', condition: {}, variant: variantId, enabled: false },
    ]);
  });

  it('numbers the copies: a second variant gets its own slug and rule, appended after the first', async () => {
    const second = (await createVariant({ uid: PAGE, documentId: hybrid.documentId }).expect(201))
      .body.data;
    const copy = await pages().findOne({ documentId: second.documentId, status: 'draft' });
    expect(copy?.slug).toBe('hybrid-variant-1');
    const ruleSet = await ruleSetOf(hybrid.documentId);
    expect(
      ruleSet.rules.map((rule: { name: string; variant: string }) => [rule.name, rule.variant])
    ).toEqual([
      ['Variant: Hybrid (variant)', variantId],
      ['Variant: Hybrid (variant) 2', second.documentId],
    ]);
    // the second copy is not needed by the tests below
    await editRule({
      uid: PAGE,
      documentId: hybrid.documentId,
      name: 'Variant: Hybrid (variant) 2',
      move: 'up',
    }).expect(200);
    expect((await ruleSetOf(hybrid.documentId)).rules[0].variant).toBe(second.documentId);
    await editRule({
      uid: PAGE,
      documentId: hybrid.documentId,
      name: 'Variant: Hybrid (variant) 2',
      move: 'down',
    }).expect(200);
    expect((await ruleSetOf(hybrid.documentId)).rules[0].variant).toBe(variantId);
  });

  it('keeps the published copy out of Content API lists while the base still serves itself', async () => {
    await pages().publish({ documentId: variantId });
    const list = await request(app.server)
      .get('/api/pages')
      .query({ 'pagination[pageSize]': 100 })
      .expect(200);
    const slugs = list.body.data.map((page: { slug: string }) => page.slug);
    expect(slugs).toContain('hybrid');
    expect(slugs).not.toContain('hybrid-variant');
    expect((await getPage(app.server, 'hybrid-variant').expect(200)).body.data).toEqual([]);
    const base = await getPage(app.server, 'hybrid', EMAIL_VISIT).expect(200);
    expect(base.body.data[0]).toMatchObject({ documentId: hybrid.documentId, title: 'Hybrid' });
    expect(base.headers['x-cxm-variant']).toBe(`${PAGE}/${hybrid.documentId}=default`);
  });

  it('serves the copy to matching visitors once the rule has a condition and is enabled', async () => {
    const ruleSet = await ruleSetOf(hybrid.documentId);
    const rules = ruleSet.rules.map((rule: Record<string, unknown>) =>
      rule.variant === variantId
        ? { ...rule, condition: { channel: { $eq: 'email' } }, enabled: true }
        : rule
    );
    await ruleSets().update({ documentId: ruleSet.documentId, data: { rules } as any });

    const email = await getPage(app.server, 'hybrid', EMAIL_VISIT).expect(200);
    expect(email.body.data[0]).toMatchObject({
      documentId: hybrid.documentId,
      slug: 'hybrid',
      title: 'Hybrid (variant)',
    });
    expect(email.headers['x-cxm-variant']).toBe(
      `${PAGE}/${hybrid.documentId}=Variant: Hybrid (variant)`
    );
    const direct = await getPage(app.server, 'hybrid').expect(200);
    expect(direct.body.data[0].title).toBe('Hybrid');
  });

  it('lets the panel disable the rule again: the matching visitor gets the base, the copy stays out of lists', async () => {
    await editRule({
      uid: PAGE,
      documentId: hybrid.documentId,
      name: 'Variant: Hybrid (variant)',
      enabled: false,
    }).expect(200);
    const email = await getPage(app.server, 'hybrid', EMAIL_VISIT).expect(200);
    expect(email.body.data[0].title).toBe('Hybrid');
    expect((await getPage(app.server, 'hybrid-variant').expect(200)).body.data).toEqual([]);

    // the simulator explains the rule as disabled: it matches, yet the base is served
    const simulation = await request(app.server)
      .post('/cxm/simulate')
      .set('Authorization', `Bearer ${token}`)
      .send({ uid: PAGE, documentId: hybrid.documentId, context: { channel: 'email' } })
      .expect(200);
    expect(simulation.body.data.served).toMatchObject({
      rule: 'default',
      documentId: hybrid.documentId,
    });
    expect(simulation.body.data.rules[0]).toMatchObject({
      name: 'Variant: Hybrid (variant)',
      enabled: false,
      matched: true,
    });
  });

  it('shows the rules with variant titles on the base, and the base on the variant', async () => {
    const base = (await tagging(hybrid.documentId).expect(200)).body.data;
    expect(base.variantOf).toEqual([]);
    expect(base.rules.rules[0]).toMatchObject({
      name: 'Variant: Hybrid (variant)',
      enabled: false,
      variant: variantId,
      variantTitle: 'Hybrid (variant)',
    });
    const variant = (await tagging(variantId).expect(200)).body.data;
    expect(variant.rules).toBeNull();
    expect(variant.variantOf).toEqual([
      {
        documentId: hybrid.documentId,
        title: 'Hybrid',
        ruleSet: expect.any(String),
        ruleSetEnabled: true,
        rules: [
          {
            name: 'Variant: Hybrid (variant)',
            enabled: false,
            condition: { channel: { $eq: 'email' } },
          },
        ],
      },
    ]);
  });

  it('refuses bad rule edits with 400 and leaves the rules as they were', async () => {
    const before = await snapshot();
    await editRule({
      uid: PAGE,
      documentId: hybrid.documentId,
      name: 'No such rule',
      enabled: true,
    }).expect(400);
    await editRule({
      uid: PAGE,
      documentId: hybrid.documentId,
      name: 'Variant: Hybrid (variant)',
      enabled: 'yes',
    }).expect(400);
    await editRule({
      uid: PAGE,
      documentId: hybrid.documentId,
      name: 'Variant: Hybrid (variant)',
      enabled: true,
      move: 'up',
    }).expect(400);
    await editRule({
      uid: PAGE,
      documentId: hybrid.documentId,
      name: 'Variant: Hybrid (variant)',
    }).expect(400);
    await editRule({
      uid: PAGE,
      documentId: (await pageBySlug('compact')).documentId,
      name: 'x',
      enabled: true,
    }).expect(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe('refusals', () => {
  it.each<[string, () => Promise<Record<string, unknown>>, RegExp]>([
    ['no documentId', async () => ({ uid: PAGE }), /Invalid variant request/],
    [
      'an unknown field',
      async () => ({ uid: PAGE, documentId: 'x', title: 'y' }),
      /Invalid variant request/,
    ],
    [
      'a plugin type',
      async () => ({ uid: 'plugin::cxm.goal', documentId: 'x' }),
      /Invalid variant request/,
    ],
    [
      'an unknown content type',
      async () => ({ uid: 'api::nothing.nothing', documentId: 'x' }),
      /not a content type/,
    ],
    [
      'an unknown document',
      async () => ({ uid: PAGE, documentId: 'no-such-document' }),
      /No document 'no-such-document'/,
    ],
    [
      'a locale the entry does not exist in',
      async () => ({
        uid: PAGE,
        documentId: (await pageBySlug('compact')).documentId,
        locale: 'fr',
      }),
      /in locale 'fr'/,
    ],
    [
      'a bad locale',
      async () => ({
        uid: PAGE,
        documentId: (await pageBySlug('compact')).documentId,
        locale: '../en',
      }),
      /Invalid variant request/,
    ],
    [
      'a document that is itself a variant',
      async () => ({ uid: PAGE, documentId: (await pageBySlug('home-limousine')).documentId }),
      /itself a variant/,
    ],
  ])('400 for %s, and nothing is created', async (_, body, message) => {
    const payload = await body();
    const before = await snapshot();
    const response = await createVariant(payload).expect(400);
    expect(response.body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('400 when the rule cannot be added (a full rule set), and the copy is removed again', async () => {
    const limousine = (await pageBySlug('limousine')).documentId;
    const full = Array.from({ length: 50 }, (_, index) => ({
      name: `rule ${index}`,
      condition: {},
      variant: null,
    }));
    const ruleSet = await ruleSets().create({
      data: {
        name: 'Full',
        baseUid: PAGE,
        baseDocumentId: limousine,
        enabled: true,
        rules: full,
      } as any,
    });
    const before = await snapshot();
    const response = await createVariant({ uid: PAGE, documentId: limousine }).expect(400);
    expect(response.body.error.message).toMatch(/at most 50 rules/);
    expect(await snapshot()).toEqual(before);
    expect(
      await pages().findFirst({
        filters: { slug: { $startsWith: 'limousine-variant' } },
        status: 'draft',
      })
    ).toBeNull();
    await ruleSets().delete({ documentId: ruleSet.documentId });
  });

  it('403 for a role that may tag content but not create pages, and for one that may create pages but not tag', async () => {
    const before = await snapshot();
    const compact = (await pageBySlug('compact')).documentId;
    const roles = app.strapi.service('admin::role');
    const tagger = await roles.create({
      name: 'Tagger',
      description: 'tags content, creates nothing',
    });
    await roles.assignPermissions(tagger.id, [
      { action: 'plugin::cxm.content.tag', subject: null, properties: {}, conditions: [] },
      {
        action: 'plugin::content-manager.explorer.read',
        subject: PAGE,
        properties: { fields: ['title', 'slug'], locales: ['en'] },
        conditions: [],
      },
    ]);
    const taggerToken = await login('tagger@example.com', tagger.id);
    const refused = await createVariant({ uid: PAGE, documentId: compact }, taggerToken).expect(
      403
    );
    expect(refused.body.error.message).toMatch(/may not create entries of api::page.page/);
    await request(app.server)
      .get('/cxm/tagging')
      .query({ uid: PAGE, documentId: compact })
      .set('Authorization', `Bearer ${taggerToken}`)
      .expect(200);

    const editorRole = await app.strapi.db
      .query('admin::role')
      .findOne({ where: { code: 'strapi-editor' } });
    await createVariant(
      { uid: PAGE, documentId: compact },
      await login('editor@example.com', editorRole.id)
    ).expect(403);
    await request(app.server)
      .post('/cxm/variants')
      .send({ uid: PAGE, documentId: compact })
      .expect(401);
    expect(await snapshot()).toEqual(before);
  });
});
