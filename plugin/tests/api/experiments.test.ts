/** A/B test on the home page: sticky GrowthBook-compatible buckets, exposures, results, promotion. */
import request from 'supertest';
import { errors } from '@strapi/utils';
import { assignVariation, hash } from '../../server/src/core/bucketing';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf, getBySlug, getPage } from '../helpers/http';

let app: TestApp;
let token: string;
let apiToken: string;
let experimentId: string;
let homeB: string;

const HOME_DEFAULT = 'Drive the future: our new hybrid range';
const HOME_B = 'Home B: test drive this weekend';

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app.server);
  apiToken = (
    await app.strapi
      .service('admin::api-token')
      .create({ name: 'frontend', type: 'full-access', lifespan: null } as any)
  ).accessKey;
  const pages = app.strapi.documents('api::page.page');
  homeB = (
    await pages.create({
      data: { title: 'Home B', slug: 'home-b', headline: HOME_B } as any,
      status: 'published',
    })
  ).documentId;
  const home = (await pages.findFirst({ filters: { slug: 'home' } }))!.documentId;
  const response = await request(app.server)
    .post('/content-manager/collection-types/plugin::cxm.experiment')
    .set('Authorization', `Bearer ${token}`)
    .send({
      name: 'Home test',
      slug: 'home-test',
      hypothesis: 'A test-drive headline brings more bookings',
      baseUid: 'api::page.page',
      baseDocumentId: home,
      variants: [
        { key: 'control', documentId: null, weight: 0.5 },
        { key: 'b', documentId: homeB, weight: 0.5 },
      ],
      successGoals: ['test-drive-booking'],
      minimumSample: 40,
      state: 'running',
    });
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
  experimentId = response.body.data.documentId;
});

afterAll(async () => {
  await app?.stop();
});

const visitorIdOf = (cookie: string) => cookie.split('=')[1].split('.')[0];
const expectedVariant = (cookie: string) =>
  assignVariation('home-test', visitorIdOf(cookie), [0.5, 0.5]) === 0 ? 'control' : 'b';
const admin = (method: 'get' | 'post', path: string) =>
  request(app.server)[method](path).set('Authorization', `Bearer ${token}`);

describe('serving an experiment', () => {
  it('refuses a malformed experiment with a 400 naming the problem', async () => {
    const response = await request(app.server)
      .post('/content-manager/collection-types/plugin::cxm.experiment')
      .set('Authorization', `Bearer ${token}`)
      .send({
        name: 'Bad',
        slug: 'bad',
        baseUid: 'api::page.page',
        baseDocumentId: 'x',
        variants: [
          { key: 'a', documentId: null, weight: 0.5 },
          { key: 'b', documentId: 'y', weight: 0.7 },
        ],
        successGoals: ['nope'],
      })
      .expect(400);
    expect(response.body.error.message).toMatch(/weights must add up to 1/);
    expect(response.body.error.message).toMatch(/unknown goal 'nope'/);
  });

  it('serves the bucket GrowthBook computes for the visitor id, sticky across requests, and names it', async () => {
    for (let visitor = 0; visitor < 6; visitor++) {
      const first = await getPage(app.server, 'home').expect(200);
      const cookie = cookieOf(first)!;
      const variant = expectedVariant(cookie);
      expect(first.headers['x-cxm-variant']).toMatch(
        new RegExp(`=experiment:home-test:${variant}$`)
      );
      for (let again = 0; again < 3; again++) {
        const response = await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
        expect(response.body.data[0].headline).toBe(variant === 'b' ? HOME_B : HOME_DEFAULT);
        expect(response.body.data[0].slug).toBe('home');
      }
    }
  });

  it('records one exposure per visitor, however often the page is read', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    for (let again = 0; again < 4; again++)
      await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
    await app.strapi.plugin('cxm').service('tracking').flush();
    const exposures = await app.strapi.db
      .query('plugin::cxm.interaction')
      .count({ where: { type: 'exposure', contactId: visitorIdOf(cookie) } });
    expect(exposures).toBe(1);
  });

  it('keeps the assignment when the visitor is identified and merged into a known contact', async () => {
    const known = cookieOf(await getPage(app.server, 'limousine').expect(200))!; // never saw the experiment
    await request(app.server)
      .post('/api/cxm/identify')
      .set('Authorization', `Bearer ${apiToken}`)
      .set('X-CXM-Visitor', known.split('=')[1])
      .send({ email: 'ab@example.com' })
      .expect(200);
    const device = cookieOf(await getPage(app.server, 'home').expect(200))!;
    const seen = expectedVariant(device);
    const merged = await request(app.server)
      .post('/api/cxm/identify')
      .set('Authorization', `Bearer ${apiToken}`)
      .set('X-CXM-Visitor', device.split('=')[1])
      .send({ email: 'ab@example.com' })
      .expect(200);
    expect(merged.body.data.merged).toBe(true);
    for (const cookie of [device, known]) {
      const response = await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
      expect(response.body.data[0].headline).toBe(seen === 'b' ? HOME_B : HOME_DEFAULT);
    }
  });

  it('never counts bots, and hides the variant document from lists', async () => {
    const bot = await getPage(app.server, 'home', {
      'User-Agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)',
    }).expect(200);
    expect(bot.body.data[0].headline).toBe(HOME_DEFAULT);
    expect(bot.headers['x-cxm-variant']).toBeUndefined();
    const list = await request(app.server)
      .get('/api/pages')
      .query({ 'pagination[pageSize]': 100 })
      .expect(200);
    expect(list.body.data.map((page: { slug: string }) => page.slug)).not.toContain('home-b');
  });
});

describe('results and promotion', () => {
  beforeAll(async () => {
    // 120 new visitors; those in B book a test drive far more often (every 2nd vs every 10th)
    for (let visitor = 0; visitor < 120; visitor++) {
      const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
      const converts = expectedVariant(cookie) === 'b' ? visitor % 2 === 0 : visitor % 10 === 0;
      if (converts) {
        await request(app.server)
          .post('/api/cxm/events')
          .set('Cookie', cookie)
          .send({ events: [{ type: 'goal', goal: 'test-drive-booking' }] })
          .expect(200);
      }
    }
  });

  it('reports per variant visitors, conversions, value per visitor, uplift, significance and a verdict', async () => {
    const response = await admin('get', `/cxm/experiments/${experimentId}/results`).expect(200);
    const { variants, sampleRatio, verdict } = response.body.data;
    expect(variants.map((variant: { key: string }) => variant.key)).toEqual(['control', 'b']);
    const [control, b] = variants;
    const visitors = control.visitors + b.visitors;
    expect(visitors).toBeGreaterThanOrEqual(120);
    expect(b.conversionRate).toBeGreaterThan(control.conversionRate);
    expect(b.valuePerVisitor).toBeCloseTo((b.conversions * 60) / b.visitors, 1);
    expect(b.test.pValue).toBeLessThan(0.05);
    expect(b.chanceToBeatControl).toBeGreaterThan(0.95);
    expect(sampleRatio.mismatch).toBe(false);
    expect(verdict).toMatchObject({ status: 'winner', winner: 'b' });
  });

  it('promotes in one transaction: when the experiment cannot be written, the rule set stays as it was', async () => {
    const ruleSets = () => app.strapi.db.query('plugin::cxm.variant-rule').findMany();
    const before = await ruleSets();
    // the app refuses the promotion's second write, the experiment's (as a lifecycle hook may)
    const unsubscribe = app.strapi.db.lifecycles.subscribe({
      models: ['plugin::cxm.experiment'],
      beforeUpdate() {
        throw new errors.ApplicationError('Experiments are frozen');
      },
    });
    try {
      const refused = await admin('post', `/cxm/experiments/${experimentId}/promote`)
        .send({ variant: 'b' })
        .expect(400);
      expect(refused.body.error.message).toBe('Experiments are frozen');
    } finally {
      unsubscribe();
    }
    expect(await ruleSets()).toEqual(before);
    expect(
      await app.strapi.db
        .query('plugin::cxm.experiment')
        .findOne({ where: { documentId: experimentId } })
    ).toMatchObject({ state: 'running', winner: null });
  });

  it('refuses to promote an unknown variant, then promotes the winner: it becomes the default', async () => {
    await admin('post', `/cxm/experiments/${experimentId}/promote`)
      .send({ variant: 'zz' })
      .expect(400);
    const response = await admin('post', `/cxm/experiments/${experimentId}/promote`)
      .send({ variant: 'b' })
      .expect(200);
    expect(response.body.data).toEqual({ state: 'completed', winner: 'b' });
    const fresh = await getPage(app.server, 'home').expect(200);
    expect(fresh.body.data[0].headline).toBe(HOME_B);
    expect(fresh.headers['x-cxm-variant']).toMatch(/=winner-of-home-test$/);
  });
});

describe('personalization against no personalization, with a holdout', () => {
  const LEASING_DEFAULT = 'Leasing from 199 € a month';
  const LEASING_LIMOUSINE = 'The limousine from 349 € a month';

  it('serves held-out and control visitors the default, personalized visitors their variant, and reports all three groups', async () => {
    const leasing = (await app.strapi
      .documents('api::offer.offer')
      .findFirst({ filters: { slug: 'leasing-offer' } }))!.documentId;
    const created = await request(app.server)
      .post('/content-manager/collection-types/plugin::cxm.experiment')
      .set('Authorization', `Bearer ${token}`)
      .send({
        name: 'Leasing personalization',
        slug: 'leasing-test',
        baseUid: 'api::offer.offer',
        baseDocumentId: leasing,
        variants: [
          { key: 'default', documentId: null, weight: 0.5 },
          { key: 'personalized', documentId: null, personalized: true, weight: 0.5 },
        ],
        holdout: 0.3,
        successGoals: ['test-drive-booking'],
        minimumSample: 10,
        state: 'running',
      })
      .expect(201);
    const groups = { holdout: 0, default: 0, personalized: 0 };
    for (let visitor = 0; visitor < 30; visitor++) {
      const cookie = cookieOf(await getPage(app.server, 'limousine').expect(200))!; // limousine is now the top interest
      const id = visitorIdOf(cookie);
      const group =
        (hash('leasing-test:holdout', id, 2) ?? 1) < 0.3
          ? 'holdout'
          : assignVariation('leasing-test', id, [0.5, 0.5]) === 0
            ? 'default'
            : 'personalized';
      groups[group] += 1;
      const response = await getBySlug(
        app.server,
        { collection: 'offers', slug: 'leasing-offer' },
        { Cookie: cookie }
      ).expect(200);
      expect(response.body.data[0].headline).toBe(
        group === 'personalized' ? LEASING_LIMOUSINE : LEASING_DEFAULT
      );
      expect(response.headers['x-cxm-variant']).toMatch(
        new RegExp(`=experiment:leasing-test:${group}`)
      );
    }
    expect(groups.holdout).toBeGreaterThan(0);
    const results = await admin(
      'get',
      `/cxm/experiments/${created.body.data.documentId}/results`
    ).expect(200);
    expect(
      Object.fromEntries(
        results.body.data.variants.map((variant: { key: string; visitors: number }) => [
          variant.key,
          variant.visitors,
        ])
      )
    ).toEqual(groups);
  });
});
