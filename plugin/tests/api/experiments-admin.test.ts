/**
 * Experiments as a marketer makes them in the admin: a draft created and edited over the admin
 * API, started (refused while incomplete), served, stopped; bad input is a 400 naming the
 * problem and changes nothing. And the Content Manager's way: JSON fields arrive as text.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, getPage } from '../helpers/http';

let app: TestApp;
let token: string;
let home: string;
let homeLimousine: string;

const HOME_DEFAULT = 'Drive the future: our new hybrid range';
const HOME_LIMOUSINE = 'The limousine that won the family car test';

const admin = (method: 'get' | 'post' | 'put' | 'delete', path: string) =>
  request(app.server)[method](path).set('Authorization', `Bearer ${token}`);
const storedExperiments = () =>
  app.strapi.db.query('plugin::cxm.experiment').findMany({ orderBy: { id: 'asc' } });
const pageId = async (slug: string) =>
  (await app.strapi.db.query('api::page.page').findOne({ where: { slug } })).documentId as string;

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app.server);
  home = await pageId('home');
  homeLimousine = await pageId('home-limousine');
});

afterAll(async () => {
  await app?.stop();
});

describe('an experiment made in the admin', () => {
  let documentId: string;

  it('creates a draft with only a name and a base entry; it lists with the entry title', async () => {
    const created = await admin('post', '/cxm/experiments')
      .send({ name: 'Home headline test', baseUid: 'api::page.page', baseDocumentId: home })
      .expect(201);
    documentId = created.body.data.documentId;
    expect(created.body.data).toMatchObject({
      slug: 'home-headline-test',
      state: 'draft',
      baseTitle: 'Home',
      variants: [],
      successGoals: [],
      coverage: 1,
      holdout: 0,
      minimumSample: 1000,
    });
    const list = await admin('get', '/cxm/experiments').expect(200);
    expect(list.body.data).toContainEqual(
      expect.objectContaining({ documentId, name: 'Home headline test', baseTitle: 'Home' })
    );
  });

  it('refuses to start it without variants and goals: 400 naming them, still a draft', async () => {
    const refused = await admin('post', `/cxm/experiments/${documentId}/start`).expect(400);
    expect(refused.body.error.message).toMatch(/cannot start/);
    expect(refused.body.error.message).toMatch(/variants: must be a list of 2 to 10/);
    expect(refused.body.error.message).toMatch(/successGoals: must list at least one goal/);
    expect((await admin('get', `/cxm/experiments/${documentId}`).expect(200)).body.data.state).toBe(
      'draft'
    );
  });

  it.each([
    [
      'weights that do not add up',
      {
        variants: [
          { key: 'control', documentId: null, weight: 0.5 },
          { key: 'b', documentId: 'x', weight: 0.7 },
        ],
      },
      /weights must add up to 1/,
    ],
    ['an unknown goal', { successGoals: ['nope'] }, /successGoals\[0\]: unknown goal 'nope'/],
    ['a coverage over 1', { coverage: 1.5 }, /coverage: must be from 0 to 1/],
    ['an unknown field', { colour: 'red' }, /Unrecognized key/],
    [
      'a variant entry of no page',
      {
        variants: [
          { key: 'control', documentId: null, weight: 0.5 },
          { key: 'b', documentId: 'missing', weight: 0.5 },
        ],
      },
      /variants\[1\]\.documentId: 'missing' is not an entry of api::page.page/,
    ],
  ])('refuses %s with a 400 naming it, and changes nothing', async (_label, body, message) => {
    const before = await storedExperiments();
    const refused = await admin('put', `/cxm/experiments/${documentId}`).send(body).expect(400);
    expect(refused.body.error.message).toMatch(message);
    expect(await storedExperiments()).toEqual(before);
  });

  it('updates the draft with two arms, a goal, a holdout and a hypothesis', async () => {
    const updated = await admin('put', `/cxm/experiments/${documentId}`)
      .send({
        hypothesis: 'The family car test result sells more test drives',
        variants: [
          { key: 'control', name: 'Home', documentId: null, weight: 0.5 },
          { key: 'limousine', name: 'Home limousine', documentId: homeLimousine, weight: 0.5 },
        ],
        successGoals: ['test-drive-booking'],
        holdout: 0.1,
        minimumSample: 50,
      })
      .expect(200);
    expect(updated.body.data).toMatchObject({
      state: 'draft',
      holdout: 0.1,
      minimumSample: 50,
      successGoals: ['test-drive-booking'],
      variants: [
        { key: 'control', documentId: null, weight: 0.5 },
        { key: 'limousine', documentId: homeLimousine, weight: 0.5 },
      ],
    });
    // a draft serves nothing yet: no experiment header on the home page
    const read = await getPage(app.server, 'home').expect(200);
    expect(read.headers['x-cxm-variant'] ?? '').not.toMatch(/experiment:/);
  });

  it('starts it: the home page serves its arms', async () => {
    const started = await admin('post', `/cxm/experiments/${documentId}/start`).expect(200);
    expect(started.body.data.state).toBe('running');
    expect(started.body.data.startedAt).toEqual(expect.any(String));
    const headlines = new Set<string>();
    for (let visitor = 0; visitor < 30; visitor++) {
      const read = await getPage(app.server, 'home').expect(200);
      expect(read.headers['x-cxm-variant']).toMatch(
        /=experiment:home-headline-test:(control|limousine|holdout)$/
      );
      headlines.add(read.body.data[0].headline);
    }
    expect(headlines).toEqual(new Set([HOME_DEFAULT, HOME_LIMOUSINE]));
  });

  it('keeps the design of a running experiment (409) but lets its name change', async () => {
    const refused = await admin('put', `/cxm/experiments/${documentId}`)
      .send({ coverage: 0.5 })
      .expect(409);
    expect(refused.body.error.message).toMatch(/is running.*coverage cannot change/);
    await admin('post', `/cxm/experiments/${documentId}/start`).expect(409);
    const renamed = await admin('put', `/cxm/experiments/${documentId}`)
      .send({ name: 'Home headline test (family car)' })
      .expect(200);
    expect(renamed.body.data).toMatchObject({ slug: 'home-headline-test', coverage: 1 });
  });

  it('refuses a second running experiment on the same entry', async () => {
    const other = await admin('post', '/cxm/experiments')
      .send({
        name: 'Another home test',
        baseUid: 'api::page.page',
        baseDocumentId: home,
        variants: [
          { key: 'control', documentId: null, weight: 0.5 },
          { key: 'personalized', documentId: null, personalized: true, weight: 0.5 },
        ],
        successGoals: ['brochure-download'],
      })
      .expect(201);
    const refused = await admin(
      'post',
      `/cxm/experiments/${other.body.data.documentId}/start`
    ).expect(409);
    expect(refused.body.error.message).toMatch(/'Home headline test \(family car\)' is running/);
  });

  it('stops it: the home page serves its rules again, and stopping twice is a 409', async () => {
    const stopped = await admin('post', `/cxm/experiments/${documentId}/stop`).expect(200);
    expect(stopped.body.data).toMatchObject({ state: 'stopped', stoppedAt: expect.any(String) });
    const read = await getPage(app.server, 'home').expect(200);
    expect(read.headers['x-cxm-variant'] ?? '').not.toMatch(/experiment:/);
    await admin('post', `/cxm/experiments/${documentId}/stop`).expect(409);
    const results = await admin('get', `/cxm/experiments/${documentId}/results`).expect(200);
    expect(results.body.data.variants.map((variant: { key: string }) => variant.key)).toEqual([
      'control',
      'limousine',
      'holdout',
    ]);
  });

  it('answers 404 for an unknown experiment', async () => {
    await admin('get', '/cxm/experiments/nope').expect(404);
    await admin('put', '/cxm/experiments/nope').send({ name: 'x' }).expect(404);
    await admin('post', '/cxm/experiments/nope/start').expect(404);
    await admin('post', '/cxm/experiments/nope/stop').expect(404);
  });

  it('refuses a create without a base entry, naming the fields', async () => {
    const before = await storedExperiments();
    const refused = await admin('post', '/cxm/experiments').send({ name: '' }).expect(400);
    expect(refused.body.error.message).toMatch(/name: is required/);
    expect(refused.body.error.message).toMatch(/baseDocumentId/);
    expect(await storedExperiments()).toEqual(before);
  });
});

describe('the Content Manager', () => {
  const contentManager = (method: 'post' | 'put', path = '') =>
    request(app.server)
      [method](`/content-manager/collection-types/plugin::cxm.experiment${path}`)
      .set('Authorization', `Bearer ${token}`);

  it('saves valid JSON typed into its JSON fields (sent as text) as JSON', async () => {
    const created = await contentManager('post')
      .send({
        name: 'Typed in the Content Manager',
        slug: 'typed-in-cm',
        baseUid: 'api::page.page',
        baseDocumentId: home,
        variants: JSON.stringify(
          [
            { key: 'control', documentId: null, weight: 0.5 },
            { key: 'b', documentId: homeLimousine, weight: 0.5 },
          ],
          null,
          2
        ),
        successGoals: '["brochure-download"]',
      })
      .expect(201);
    const stored = await app.strapi.db
      .query('plugin::cxm.experiment')
      .findOne({ where: { documentId: created.body.data.documentId } });
    expect(stored.variants).toEqual([
      { key: 'control', documentId: null, weight: 0.5 },
      { key: 'b', documentId: homeLimousine, weight: 0.5 },
    ]);
    expect(stored.successGoals).toEqual(['brochure-download']);
  });

  it('answers invalid JSON and invalid values with a 400 the Content Manager shows at the field', async () => {
    const before = await storedExperiments();
    const notJson = await contentManager('post')
      .send({
        name: 'Broken',
        slug: 'broken',
        baseUid: 'api::page.page',
        baseDocumentId: home,
        variants: '[{"key": "control",',
        successGoals: '["brochure-download"]',
      })
      .expect(400);
    expect(notJson.body.error.name).toBe('ValidationError');
    expect(notJson.body.error.message).toMatch(/variants: is not valid JSON/);
    // the Content Manager joins each path to find the field: a list of segments
    expect(notJson.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['variants'], message: expect.stringMatching(/JSON/) }),
    ]);
    const badGoal = await contentManager('post')
      .send({
        name: 'Broken',
        slug: 'broken',
        baseUid: 'api::page.page',
        baseDocumentId: home,
        variants: '[]',
        successGoals: '["nope"]',
      })
      .expect(400);
    expect(badGoal.body.error.message).toMatch(/successGoals\[0\]: unknown goal 'nope'/);
    expect(badGoal.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['successGoals'],
        message: "successGoals[0]: unknown goal 'nope'",
      }),
    ]);
    expect(await storedExperiments()).toEqual(before);
  });
});

describe('deleting a goal', () => {
  it('is refused with a 409 naming its users, then works once nothing uses it', async () => {
    const goals = (await admin('get', '/cxm/goals').expect(200)).body.data as Array<{
      documentId: string;
      slug: string;
    }>;
    const booking = goals.find((goal) => goal.slug === 'test-drive-booking')!;
    const refused = await admin('delete', `/cxm/goals/${booking.documentId}`).expect(409);
    expect(refused.body.error.message).toMatch(/experiment "Home headline test \(family car\)"/);
    expect(refused.body.error.message).toMatch(/automation "/);
    expect(refused.body.error.details.users.length).toBeGreaterThan(1);
    expect((await admin('get', '/cxm/goals').expect(200)).body.data).toHaveLength(goals.length);

    const created = await admin('post', '/cxm/goals')
      .send({ name: 'Configurator opened', points: 5 })
      .expect(201);
    await admin('delete', `/cxm/goals/${created.body.data.documentId}`).expect(200);
    const after = (await admin('get', '/cxm/goals').expect(200)).body.data as Array<{
      slug: string;
    }>;
    expect(after.map((goal) => goal.slug)).not.toContain('configurator-opened');
    await admin('delete', `/cxm/goals/${created.body.data.documentId}`).expect(404);
  });
});
