/**
 * Identity across devices as a real customer meets it: after a tracked-link click or identify
 * merges devices into one contact, each device keeps its own visit while the contact's visits
 * count; a tracked link's campaign keeps its credit in the rollups; and a frontend's server
 * identifies visitors and sends their events whatever its own User-Agent.
 */
import request from 'supertest';
import { signLink } from '../../server/src/core/links';
import { visitorHeaders } from '../../client/src';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf, getPage } from '../helpers/http';
import { CHROME_DESKTOP, IPHONE } from '../helpers/fixture-ips';

const IPAD =
  'Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
/** What Node's fetch (undici) sends as its User-Agent when the caller sets none. */
const NODE_FETCH = 'node';

let app: TestApp;
let apiToken: string;
let admin: string;

beforeAll(async () => {
  app = await startApp();
  const token = await app.strapi
    .service('admin::api-token')
    .create({ name: 'frontend server', type: 'full-access', lifespan: null } as any);
  apiToken = token.accessKey;
  admin = await adminToken(app.server);
});

afterAll(async () => {
  await app?.stop();
});

const signedIdOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]);
const flush = () => app.strapi.plugin('cxm').service('tracking').flush();

const contextOf = async (cookie: string, userAgent: string) =>
  (
    await request(app.server)
      .get('/api/cxm/context')
      .set({ Cookie: cookie, 'User-Agent': userAgent })
      .expect(200)
  ).body.data;

/** A new device's first page: its visitor cookie. */
const newDevice = async (userAgent: string) =>
  cookieOf(await getPage(app.server, 'home', { 'User-Agent': userAgent }).expect(200))!;

const identify = (cookie: string, body: object, userAgent?: string) => {
  const call = request(app.server)
    .post('/api/cxm/identify')
    .set('Authorization', `Bearer ${apiToken}`)
    .set('X-CXM-Visitor', signedIdOf(cookie));
  if (userAgent) call.set('User-Agent', userAgent);
  return call.send(body);
};

const serviceMailLink = (contactCookie: string) =>
  signLink(
    {
      url: 'https://cars.example/service',
      campaign: 'service-mail',
      contact: signedIdOf(contactCookie).split('.')[0],
    },
    app.strapi.plugin('cxm').service('settings').get().secret
  );

/** The cache forgets these visitors, as another instance or a restart would not know them: what follows is read back from the database. */
const forgetCached = async (...cookies: string[]) => {
  await flush();
  app.strapi
    .plugin('cxm')
    .service('contact-cache')
    .forget(new Set(cookies.map((cookie) => signedIdOf(cookie).split('.')[0])));
};

describe('a visit belongs to the device', () => {
  it("Mr Müller's tablet click starts a returning visit on the tablet; his desktop keeps its own visit", async () => {
    const desktop = await newDevice(CHROME_DESKTOP);
    await identify(desktop, { email: 'mueller@example.com' }).expect(200);
    const before = await contextOf(desktop, CHROME_DESKTOP);
    expect(before.visit).toMatchObject({ number: 1, device: 'desktop', campaign: null });

    const click = await request(app.server)
      .get(`/api/cxm/r/${serviceMailLink(desktop)}`)
      .set('User-Agent', IPAD)
      .expect(302);
    const tablet = cookieOf(click)!;
    expect(tablet).toBeDefined();

    const expected = {
      desktop: {
        identified: true,
        visit: {
          number: 1,
          returning: false,
          device: 'desktop',
          campaign: null,
          channel: 'direct',
        },
      },
      tablet: {
        identified: true,
        visit: {
          number: 2,
          returning: true,
          device: 'tablet',
          campaign: 'service-mail',
          channel: 'email',
        },
      },
    };
    expect(await contextOf(desktop, CHROME_DESKTOP)).toMatchObject(expected.desktop);
    expect(await contextOf(tablet, IPAD)).toMatchObject(expected.tablet);

    // each device's visit is stored as its own: read back from the database, nothing changes
    await forgetCached(desktop, tablet);
    expect(await contextOf(tablet, IPAD)).toMatchObject(expected.tablet);
    expect(await contextOf(desktop, CHROME_DESKTOP)).toMatchObject(expected.desktop);

    // one person: both devices are the same contact, with both visits
    await flush();
    const contactId = signedIdOf(desktop).split('.')[0];
    const contact = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId: contactId } });
    expect(contact.visitCount).toBe(2);
    const visits = await app.strapi.db
      .query('plugin::cxm.visit')
      .findMany({ where: { contactId }, orderBy: { number: 'asc' } });
    expect(visits.map((visit: any) => [visit.number, visit.device, visit.campaign])).toEqual([
      [1, 'desktop', null],
      [2, 'tablet', 'service-mail'],
    ]);
  });

  it('a second device identified as a known customer keeps its visit, now counted among the customer’s', async () => {
    const phone = await newDevice(IPHONE);
    await identify(phone, { email: 'weber@example.com' }).expect(200);
    const laptop = await newDevice(CHROME_DESKTOP);
    const merged = await identify(laptop, { email: 'weber@example.com' }).expect(200);
    expect(merged.body.data).toEqual({ identified: true, merged: true });
    // the laptop's id stays valid (it resolves to the known customer): nothing new to keep
    expect(merged.headers['x-cxm-visitor']).toBeUndefined();

    expect((await contextOf(laptop, CHROME_DESKTOP)).visit).toMatchObject({
      number: 2,
      returning: true,
      device: 'desktop',
    });
    expect((await contextOf(phone, IPHONE)).visit).toMatchObject({
      number: 1,
      returning: false,
      device: 'mobile',
    });
  });
});

describe('campaign credit survives identification', () => {
  const today = new Date().toISOString().slice(0, 10);
  const matrix = async () => {
    await flush();
    const response = await request(app.server)
      .get(`/cxm/analytics/matrix?from=${today}&to=${today}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const { campaigns, channels, totals } = response.body.data;
    const campaign = campaigns.find((row: any) => row.campaign === 'service-mail');
    const direct = channels.find((row: any) => row.channel === 'direct');
    return {
      serviceMail: campaign?.visits ?? 0,
      email: channels.find((row: any) => row.channel === 'email')?.visits ?? 0,
      direct: direct?.visits ?? 0,
      visits: totals.visits,
      newContacts: totals.newContacts,
    };
  };

  it('counts N clicks of a known customer on new devices as N visits of the campaign, and no new contacts', async () => {
    const customer = await newDevice(CHROME_DESKTOP);
    await identify(customer, { email: 'schmidt@example.com' }).expect(200);
    const before = await matrix();

    const clicks = 3;
    for (let click = 0; click < clicks; click++) {
      await request(app.server)
        .get(`/api/cxm/r/${serviceMailLink(customer)}`)
        .set('User-Agent', IPHONE)
        .expect(302);
    }
    const after = await matrix();
    expect(after).toEqual({
      serviceMail: before.serviceMail + clicks,
      email: before.email + clicks,
      direct: before.direct,
      visits: before.visits + clicks,
      newContacts: before.newContacts,
    });

    // the rollups agree with the raw interactions they are rebuilt from
    await app.strapi.plugin('cxm').service('tracking').rebuildRollups();
    expect(await matrix()).toEqual(after);
  });

  it('a device merged into a known customer is no new contact in the rollups', async () => {
    const customer = await newDevice(CHROME_DESKTOP);
    await identify(customer, { email: 'fischer@example.com' }).expect(200);
    const before = await matrix();
    const tablet = await newDevice(IPAD);
    await identify(tablet, { email: 'fischer@example.com' }).expect(200);
    const after = await matrix();
    expect(after).toMatchObject({ visits: before.visits + 1, newContacts: before.newContacts });
  });
});

describe("a frontend's server calls for its visitors", () => {
  /** The visitor's request to the frontend, whose server then calls Strapi. */
  const pageRequest = (cookie: string, userAgent = IPHONE) => ({
    url: 'https://cars.example/models/limousine',
    headers: new Headers({ 'user-agent': userAgent, cookie }),
  });

  it.each([
    ["Node's default User-Agent", NODE_FETCH],
    ['no User-Agent', undefined],
  ])('identifies a visitor with an API token and %s', async (_case, userAgent) => {
    const visitor = await newDevice(IPHONE);
    const response = await identify(
      visitor,
      { email: `server-${userAgent ?? 'none'}@example.com` },
      userAgent
    ).expect(200);
    expect(response.body.data).toEqual({ identified: true, merged: false });
    expect((await contextOf(visitor, IPHONE)).identified).toBe(true);
  });

  it('says what is wrong with the visitor id: missing, or not a valid signed id', async () => {
    const missing = await request(app.server)
      .post('/api/cxm/identify')
      .set({ Authorization: `Bearer ${apiToken}`, 'User-Agent': NODE_FETCH })
      .send({ email: 'nobody@example.com' })
      .expect(400);
    expect(missing.body.error.message).toMatch(/required in the X-CXM-Visitor header/);
    const forged = await request(app.server)
      .post('/api/cxm/identify')
      .set({
        Authorization: `Bearer ${apiToken}`,
        'User-Agent': NODE_FETCH,
        'X-CXM-Visitor': '6b1c2c7e-1b1e-4a55-9f0e-2d3c4b5a6978.forged-signature-of-twenty-chars',
      })
      .send({ email: 'nobody@example.com' })
      .expect(400);
    expect(forged.body.error.message).toMatch(/not a valid signed visitor id/);
  });

  it("sends a visitor's events with an API token, the device from the visitor's forwarded User-Agent", async () => {
    const visitor = await newDevice(IPHONE);
    const response = await request(app.server)
      .post('/api/cxm/events')
      .set(visitorHeaders(pageRequest(visitor)))
      .set({ Authorization: `Bearer ${apiToken}`, 'User-Agent': NODE_FETCH })
      .send({ events: [{ type: 'goal', goal: 'brochure-download' }] })
      .expect(200);
    expect(response.body.data.accepted).toBe(1);
    await flush();
    const contactId = signedIdOf(visitor).split('.')[0];
    const contact = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId: contactId } });
    expect(contact.engagementValue).toBe(20);
  });

  it("starts a new visitor's visit with the device of the forwarded User-Agent, not the server's", async () => {
    const response = await request(app.server)
      .get('/api/cxm/context')
      .set({
        Authorization: `Bearer ${apiToken}`,
        'User-Agent': NODE_FETCH,
        'X-CXM-User-Agent': IPAD,
      })
      .expect(200);
    expect(response.body.data.visit.device).toBe('tablet');
  });

  it('still treats a crawler as a crawler when the server forwards its User-Agent', async () => {
    const visitor = await newDevice(IPHONE);
    await request(app.server)
      .post('/api/cxm/events')
      .set(visitorHeaders(pageRequest(visitor, GOOGLEBOT)))
      .set({ Authorization: `Bearer ${apiToken}`, 'User-Agent': NODE_FETCH })
      .send({ events: [{ type: 'goal', goal: 'brochure-download' }] })
      .expect(403);
  });

  it('filters a bot User-Agent with an invalid token as a bot, tracking nothing', async () => {
    const response = await request(app.server)
      .get('/api/cxm/context')
      .set({ Authorization: 'Bearer not-a-token', 'User-Agent': NODE_FETCH });
    expect(response.status).toBe(401);
    expect(cookieOf(response)).toBeUndefined();
  });
});
