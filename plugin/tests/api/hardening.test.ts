/**
 * Smaller faults an attacker or an operator finds: the cookie's Secure flag behind a trusted
 * TLS-terminating proxy, rotating APP_KEYS, Strapi's own answer to a malformed query, a rule
 * path that names a built-in property of every object, and anonymous floods (requests to no
 * route, event posts without a visitor id).
 */
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { sign } from 'cookie-signature';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf, getPage } from '../helpers/http';

const OLD_KEY = 'b2xkLWFwcC1rZXktb25l';
const NEW_KEY = 'bmV3LWFwcC1rZXktdHdv';
const ID = '3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b';

let app: TestApp;

beforeAll(async () => {
  app = await startApp({
    // the test client connects from loopback: loopback is the proxy that terminates TLS
    CXM_TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1',
    // a new key put in front of the one the cookies below were signed with
    APP_KEYS: `${NEW_KEY},${OLD_KEY}`,
  });
});

afterAll(async () => {
  await app?.stop();
});

describe('the Secure flag of the visitor cookie', () => {
  it('is set when the trusted proxy says the visitor came over HTTPS', async () => {
    const response = await request(app.server)
      .get('/api/cxm/context')
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    expect(cookieOf(response)).toBeDefined();
    const header = ([] as string[]).concat(response.headers['set-cookie']).join('\n');
    expect(header).toMatch(/cxm_vid=[^\n]*; secure/i);
  });

  it('is not set over plain HTTP', async () => {
    for (const proto of [undefined, 'http']) {
      const call = request(app.server).get('/api/cxm/context');
      const response = await (proto ? call.set('X-Forwarded-Proto', proto) : call).expect(200);
      expect(cookieOf(response)).toBeDefined();
      expect(([] as string[]).concat(response.headers['set-cookie']).join('\n')).not.toMatch(
        /secure/i
      );
    }
  });
});

describe("the plugin's cookies", () => {
  const setCookies = (response: request.Response) =>
    ([] as string[]).concat(response.headers['set-cookie'] ?? []);

  it('carry their own signature: no second `.sig` cookie from Koa when set or removed', async () => {
    const issued = await request(app.server).get('/api/cxm/context').expect(200);
    expect(setCookies(issued)).toEqual([expect.stringMatching(/^cxm_vid=[0-9a-f-]{36}\./)]);
    const refused = await request(app.server)
      .post('/api/cxm/consent')
      .set('Cookie', cookieOf(issued)!)
      .send({ consent: 'none' })
      .expect(200);
    const names = setCookies(refused).map((line) => line.split('=')[0]);
    expect(names.sort()).toEqual(['cxm_vid', 'cxm_vid_consent']);
  });
});

it('keeps a cookie signed before a new key was put in front of APP_KEYS', async () => {
  // the secret the plugin derived when APP_KEYS held the old key alone
  const oldSecret = createHmac('sha256', OLD_KEY).update('cxm visitor cookie').digest('base64url');
  const cookie = `cxm_vid=${sign(ID, oldSecret)}`;
  const response = await request(app.server)
    .get('/api/cxm/context')
    .set('Cookie', cookie)
    .expect(200);
  // the same visitor: no new id issued
  expect(cookieOf(response)).toBeUndefined();
  expect(response.headers['x-cxm-visitor']).toBeUndefined();
  expect(response.body.data.tracked).toBe(true);
  // a forged one is still a new visitor
  const forged = await request(app.server)
    .get('/api/cxm/context')
    .set('Cookie', `cxm_vid=${sign(ID, 'not-the-secret-of-any-key')}`)
    .expect(200);
  expect(cookieOf(forged)).toBeDefined();
});

it('answers a malformed filter as Strapi does without the plugin: 400', async () => {
  const response = await request(app.server).get('/api/pages?filters=limousine').expect(400);
  expect(response.body.error).toMatchObject({
    name: 'ValidationError',
    message: 'The filters parameter must be an object or an array',
  });
});

it('refuses the rule path contact.attributes.__proto__ like the other prototype paths', async () => {
  const token = await adminToken(app.server);
  for (const path of [
    'contact.attributes.__proto__',
    'contact.attributes.constructor',
    'utm.__proto__',
    'scores.__proto__',
  ]) {
    const response = await request(app.server)
      .post('/cxm/rules/validate')
      .set('Authorization', `Bearer ${token}`)
      .send({ condition: { [path]: { $eq: 'x' } } })
      .expect(200);
    expect(response.body.data.valid).toBe(false);
    expect(response.body.data.issues).toEqual([{ path, message: expect.any(String) }]);
  }
});

describe('anonymous floods', () => {
  const contacts = () => app.strapi.db.query('plugin::cxm.contact').count({});
  const flush = () => app.strapi.plugin('cxm').service('tracking').flush();
  const rollupRows = () =>
    app.strapi.db.query('plugin::cxm.rollup').findMany({
      select: ['key', 'visits', 'newContacts', 'value', 'goals', 'conversions'],
      orderBy: { key: 'asc' },
    });

  it('track nothing for requests to no route: no cookie, no contact', async () => {
    await flush();
    const before = await contacts();
    for (let i = 0; i < 20; i++) {
      const response = await request(app.server).get(`/api/nope-${i}`).expect(404);
      expect(cookieOf(response)).toBeUndefined();
    }
    const wrongMethod = await request(app.server).patch('/api/pages').expect(405);
    expect(cookieOf(wrongMethod)).toBeUndefined();
    await flush();
    expect(await contacts()).toBe(before);
    // a route that answers 404 for a missing document is still a read of the site
    const missing = await request(app.server).get('/api/pages/no-such-document').expect(404);
    expect(cookieOf(missing)).toBeDefined();
  });

  it('store no row for reads without a visitor id, count them in the rollups, and keep a visitor who comes back', async () => {
    const rows = async () =>
      Promise.all(
        ['contact', 'visit', 'interaction'].map((name) =>
          app.strapi.db.query(`plugin::cxm.${name}`).count({})
        )
      );
    const rollups = async () => {
      const all = (await app.strapi.db.query('plugin::cxm.rollup').findMany({})) as Array<{
        visits: number;
        newContacts: number;
      }>;
      return {
        visits: all.reduce((sum, row) => sum + Number(row.visits), 0),
        newContacts: all.reduce((sum, row) => sum + Number(row.newContacts), 0),
      };
    };
    await flush();
    const [rowsBefore, countsBefore] = [await rows(), await rollups()];
    const cookies: string[] = [];
    for (let i = 0; i < 100; i++)
      cookies.push(cookieOf(await getPage(app.server, i % 2 ? 'home' : 'limousine').expect(200))!);
    await flush();
    expect(await rows()).toEqual(rowsBefore);
    expect(await rollups()).toEqual({
      visits: countsBefore.visits + 100,
      newContacts: countsBefore.newContacts + 100,
    });

    // the visitor of the first read (a tagged page) comes back: kept, with what it did the first time
    const visitorId = cookies[0].slice('cxm_vid='.length).split('.')[0];
    await getPage(app.server, 'home', { Cookie: cookies[0] }).expect(200);
    await flush();
    const contact = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId } });
    expect(contact).toMatchObject({ visitorId, visitCount: 1 });
    expect(contact.profiles['vehicle-interest'].views).toBe(1);
    const logged = await app.strapi.db
      .query('plugin::cxm.interaction')
      .findMany({ where: { contactId: visitorId }, orderBy: { id: 'asc' } });
    expect(logged.map((row: { type: string }) => row.type)).toEqual(['visit', 'view']);
    expect(
      await app.strapi.db.query('plugin::cxm.visit').count({ where: { contactId: visitorId } })
    ).toBe(1);
    // the same visit, the same contact: counted once
    expect(await rollups()).toEqual({
      visits: countsBefore.visits + 100,
      newContacts: countsBefore.newContacts + 100,
    });
  });

  it('limit event posts without a visitor id per address, each address on its own; a refused one changes nothing', async () => {
    const events = Array.from({ length: 50 }, () => ({ type: 'goal', goal: 'like-share' }));
    const post = (address: string) =>
      request(app.server).post('/api/cxm/events').set('X-Forwarded-For', address).send({ events });
    const statuses: number[] = [];
    for (let batch = 0; batch < 61; batch++) statuses.push((await post('203.0.113.7')).status);
    expect(statuses.slice(0, 60)).toEqual(Array(60).fill(200));
    await flush();
    const [contactsBefore, rollupsBefore] = [await contacts(), await rollupRows()];
    const refused = await post('203.0.113.7').expect(429);
    expect(refused.body.error.message).toMatch(
      /3000 events per minute per address from senders without a visitor id/
    );
    expect(cookieOf(refused)).toBeUndefined();
    await flush();
    expect(await contacts()).toBe(contactsBefore);
    expect(await rollupRows()).toEqual(rollupsBefore); // no visit, no new contact counted
    expect(statuses[60]).toBe(429);
    await post('198.51.100.20').expect(200); // another address
    // a visitor with its id is held to its own limit, not to its address's
    const cookie = cookieOf(
      await request(app.server).get('/api/cxm/context').set('X-Forwarded-For', '203.0.113.7')
    )!;
    await request(app.server)
      .post('/api/cxm/events')
      .set('X-Forwarded-For', '203.0.113.7')
      .set('Cookie', cookie)
      .send({ events })
      .expect(200);
  });
});
