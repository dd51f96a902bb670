/**
 * One bad value must never stop tracking. Texts a visitor sends (a NUL in a UTM parameter or the
 * page URL, a referrer longer than its column) are cleaned before they are stored; a row the
 * database still refuses (here: a trigger's veto) is set aside in cxm_dead_letters and the rest
 * of its batch is written; a flush that keeps failing (here: its table renamed away) says so
 * once, keeps everything and writes it when the database takes it again. `identify` with a NUL
 * or a lone surrogate is a 400, and definition names refuse control and bidi characters.
 * Runs on SQLite, and on PostgreSQL / MariaDB when DATABASE_CLIENT says so.
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { transports } from 'winston';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf } from '../helpers/http';

const client = process.env.DATABASE_CLIENT ?? 'sqlite';
const REFUSED_PATH = '/refused-by-trigger';

let app: TestApp;
let apiToken: string;
/** What the app logged at warn and error, message by message. */
const logged: string[] = [];

beforeAll(async () => {
  // the timer flushes every 100 ms and writes changed rows at once
  app = await startApp({ CXM_FLUSH_INTERVAL_MS: '100', CXM_STATE_WRITE_DELAY_MS: '0' });
  // the lines this test provokes are read below, not printed
  for (const transport of app.strapi.log.transports) transport.silent = true;
  app.strapi.log.level = 'warn';
  app.strapi.log.add(
    new transports.Stream({
      level: 'warn',
      stream: new Writable({
        objectMode: true,
        write(info: { message: string }, _encoding, done) {
          logged.push(String(info.message));
          done();
        },
      }),
    })
  );
  apiToken = (
    await app.strapi
      .service('admin::api-token')
      .create({ name: 'identify from the frontend server', type: 'full-access', lifespan: null })
  ).accessKey;
});

afterAll(async () => {
  await app?.stop();
});

const raw = (sql: string) => app.strapi.db.connection.raw(sql);
const flush = () => app.strapi.plugin('cxm').service('tracking').flush();
const visitorIdOf = (cookie: string) => cookie.split('=')[1].split('.')[0];
const visitsOf = (cookie: string) =>
  app.strapi.db.query('plugin::cxm.visit').findMany({ where: { contactId: visitorIdOf(cookie) } });
const interactionsOf = (cookie: string) =>
  app.strapi.db
    .query('plugin::cxm.interaction')
    .findMany({ where: { contactId: visitorIdOf(cookie) } });
const deadLetters = () => app.strapi.db.query('plugin::cxm.dead-letter').findMany({});
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new visitor's first request, then a second one with its cookie: a returning visitor is stored. */
async function visitor(path: string, headers: Record<string, string> = {}) {
  const first = await request(app.server).get(path).set(headers).expect(200);
  const cookie = cookieOf(first)!;
  expect(cookie).toBeDefined();
  await request(app.server).get('/api/cxm/context').set('Cookie', cookie).expect(200);
  return cookie;
}

const goal = (cookie: string, slug: string, status = 200) =>
  request(app.server)
    .post('/api/cxm/events')
    .set('Cookie', cookie)
    .send({ events: [{ type: 'goal', goal: slug }] })
    .expect(status);

/** A trigger that refuses visits landing on REFUSED_PATH, in the database's own dialect. */
async function createRefusingTrigger() {
  if (client === 'postgres') {
    await raw(`CREATE FUNCTION cxm_test_refuse() RETURNS trigger AS $$
      BEGIN
        IF NEW.landing_path = '${REFUSED_PATH}' THEN RAISE EXCEPTION 'refused by test trigger'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await raw(`CREATE TRIGGER cxm_test_refuse BEFORE INSERT ON cxm_visits
      FOR EACH ROW EXECUTE FUNCTION cxm_test_refuse()`);
  } else if (client === 'mysql') {
    await raw(`CREATE TRIGGER cxm_test_refuse BEFORE INSERT ON cxm_visits FOR EACH ROW
      BEGIN
        IF NEW.landing_path = '${REFUSED_PATH}' THEN
          SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test trigger';
        END IF;
      END`);
  } else {
    await raw(`CREATE TRIGGER cxm_test_refuse BEFORE INSERT ON cxm_visits
      WHEN NEW.landing_path = '${REFUSED_PATH}'
      BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`);
  }
}

async function dropRefusingTrigger() {
  await raw(
    client === 'postgres'
      ? 'DROP TRIGGER IF EXISTS cxm_test_refuse ON cxm_visits'
      : 'DROP TRIGGER IF EXISTS cxm_test_refuse'
  );
  if (client === 'postgres') await raw('DROP FUNCTION IF EXISTS cxm_test_refuse()');
}

describe(`values no database stores as they came (${client})`, () => {
  it('cleans a NUL in a UTM parameter, in the page URL, and a referrer too long for its column', async () => {
    const inQuery = await visitor('/api/cxm/context?utm_source=%00&utm_medium=e%00mail');
    const inPageUrl = await visitor('/api/cxm/context', {
      'X-CXM-Page-Url': 'https://cars.example/spring%00?utm_campaign=spring%00sale&gclid=%00',
    });
    const longReferrer = await visitor('/api/cxm/context', {
      'X-CXM-Referrer': `https://news.example/${'a'.repeat(400)}`,
      'X-CXM-Page-Url': `https://cars.example/${'b'.repeat(400)}`,
    });
    // and someone else, whose rows must not wait for anyone's
    const bystander = await visitor('/api/pages?filters[slug][$eq]=home');
    await goal(bystander, 'brochure-download');

    await flush();

    const [queried] = await visitsOf(inQuery);
    expect(queried.utm).toEqual({ source: '', medium: 'email' });
    const [paged] = await visitsOf(inPageUrl);
    expect(paged.utm).toEqual({ campaign: 'springsale' });
    expect(paged.landingPath).toBe('/spring%00');
    const [long] = await visitsOf(longReferrer);
    expect(long.referrer).toHaveLength(255);
    expect(long.landingPath).toHaveLength(255);
    expect((await interactionsOf(bystander)).map((row: { type: string }) => row.type)).toEqual(
      expect.arrayContaining(['visit', 'goal'])
    );
    expect(await deadLetters()).toEqual([]);
    expect(logged.filter((line) => /flush failed|refused/.test(line))).toEqual([]);
  });

  it('sets a row the database refuses aside and writes the rest of its batch', async () => {
    await createRefusingTrigger();
    try {
      const refused = await visitor('/api/cxm/context', {
        'X-CXM-Page-Url': `https://cars.example${REFUSED_PATH}`,
      });
      const bystander = await visitor('/api/pages?filters[slug][$eq]=home');
      await goal(bystander, 'webinar-sign-up');
      await goal(refused, 'webinar-sign-up');
      await flush(); // resolves: nothing is left to retry
      await flush();

      expect(await visitsOf(refused)).toEqual([]);
      expect(await visitsOf(bystander)).toHaveLength(1);
      expect((await interactionsOf(bystander)).map((row: { goal: string }) => row.goal)).toContain(
        'webinar-sign-up'
      );
      // the refused visitor's contact and interactions are written; only its visit row is not
      expect(
        await app.strapi.db
          .query('plugin::cxm.contact')
          .findOne({ where: { visitorId: visitorIdOf(refused) } })
      ).toMatchObject({ visitCount: 1 });
      expect((await interactionsOf(refused)).map((row: { goal: string }) => row.goal)).toContain(
        'webinar-sign-up'
      );
      const letters = await deadLetters();
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({
        kind: 'visit',
        error: expect.stringMatching(/refused by test trigger/),
      });
      expect(JSON.parse(letters[0].payload)).toMatchObject({
        contactId: visitorIdOf(refused),
        landingPath: REFUSED_PATH,
      });
      expect(logged.filter((line) => /refused 1 row\(s\)/.test(line))).toHaveLength(1);
    } finally {
      await dropRefusingTrigger();
    }
  });

  it('says once that flushes keep failing, answers events it could not store with a 503, keeps them and writes them when it can', async () => {
    const cookie = await visitor('/api/pages?filters[slug][$eq]=home');
    await flush();
    const before = logged.length;
    await raw('ALTER TABLE cxm_interactions RENAME TO cxm_interactions_away');
    try {
      const refused = await goal(cookie, 'product-video', 503);
      expect(refused.body.error.message).toMatch(/not stored yet: send them again/);
      expect(refused.headers['retry-after']).toBe('1');
      await goal(cookie, 'like-share', 503);
      await delay(1500); // about 15 flushes on the timer, each failing
    } finally {
      await raw('ALTER TABLE cxm_interactions_away RENAME TO cxm_interactions');
    }
    const whileFailing = logged.slice(before).filter((line) => /flush failed/.test(line));
    expect(whileFailing).toHaveLength(1);
    expect(whileFailing[0]).toMatch(/flush failed 1 time\(s\) since .*, \d+ row\(s\) kept/);

    await flush();
    const goals = (await interactionsOf(cookie)).map((row: { goal: string | null }) => row.goal);
    expect(goals).toEqual(expect.arrayContaining(['product-video', 'like-share']));
    const recovered = logged.slice(before).find((line) => /flushed again/.test(line));
    expect(recovered).toMatch(/after (\d+) failed attempt/);
    expect(Number(/after (\d+)/.exec(recovered!)![1])).toBeGreaterThan(3);
    expect(await deadLetters()).toHaveLength(1); // the trigger's, nothing new: a missing table refuses no row
  });
});

describe('identify refuses what it could not store', () => {
  const identify = (cookie: string, body: unknown) =>
    request(app.server)
      .post('/api/cxm/identify')
      .set('X-CXM-Visitor', cookie.split('=')[1])
      .set('Authorization', `Bearer ${apiToken}`)
      .send(body as object);

  it.each([
    ['a NUL in the external id', { externalId: 'crm\u0000-1' }],
    ['a NUL in an attribute', { externalId: 'crm-2', attributes: { firstName: 'Ha\u0000ns' } }],
    ['a lone surrogate in an attribute', { externalId: 'crm-3', attributes: { city: 'N\ud800' } }],
    ['a control character in the external id', { externalId: 'crm\u001b[31m' }],
  ])('%s: 400, and the visitor stays anonymous', async (_name, body) => {
    const cookie = await visitor('/api/cxm/context');
    const response = await identify(cookie, body).expect(400);
    expect(JSON.stringify(response.body.error)).toMatch(/control characters or lone surrogates/);
    await flush();
    expect(
      await app.strapi.db
        .query('plugin::cxm.contact')
        .findOne({ where: { visitorId: visitorIdOf(cookie) } })
    ).toMatchObject({ identified: false, externalId: null });
  });
});

describe('definition names', () => {
  it.each([
    ['a right-to-left override', 'Brochure\u202e daolnwod'],
    ['a NUL', 'Brochure\u0000'],
    ['a newline', 'Test drive\nbooked'],
  ])('refuse %s, in the Goals page API and in the Content Manager', async (_name, name) => {
    const token = await adminToken(app.server);
    const before = await app.strapi.db.query('plugin::cxm.goal').count({});
    const page = await request(app.server)
      .post('/cxm/goals')
      .set('Authorization', `Bearer ${token}`)
      .send({ name, points: 5 })
      .expect(400);
    expect(JSON.stringify(page.body.error)).toMatch(/control characters|bidirectional/);
    const manager = await request(app.server)
      .post('/content-manager/collection-types/plugin::cxm.goal')
      .set('Authorization', `Bearer ${token}`)
      .send({ name, slug: 'refused-goal', points: 5 })
      .expect(400);
    expect(JSON.stringify(manager.body.error)).toMatch(/control characters|bidirectional/);
    expect(await app.strapi.db.query('plugin::cxm.goal').count({})).toBe(before);
  });
});
