/**
 * The visitor's context on first contact: GeoIP through a trusted proxy, channel and campaign
 * of the landing URL, device; and identity across devices and tracked links.
 */
import request from 'supertest';
import { signLink } from '../../server/src/core/links';
import { startApp, type TestApp } from '../helpers/strapi';
import { cookieOf, FAMILY_FATHER_READS, getBySlug, getPage } from '../helpers/http';
import { CHROME_DESKTOP, IPHONE, IPS } from '../helpers/fixture-ips';

let app: TestApp;
let apiToken: string;

beforeAll(async () => {
  // the test client connects from loopback: loopback is the trusted proxy that forwards the visitor's IP
  app = await startApp({ CXM_TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1' });
  const token = await app.strapi
    .service('admin::api-token')
    .create({ name: 'frontend server', type: 'full-access', lifespan: null } as any);
  apiToken = token.accessKey;
});

afterAll(async () => {
  await app?.stop();
});

const NEWSLETTER_LANDING =
  'https://cars.example/?utm_source=newsletter&utm_medium=email&utm_campaign=spring-2026';

const contextOf = async (headers: Record<string, string>) =>
  (await request(app.server).get('/api/cxm/context').set(headers).expect(200)).body.data;

const contactOf = (cookie: string) =>
  app.strapi
    .plugin('cxm')
    .service('tracking')
    .flush()
    .then(() =>
      app.strapi.db
        .query('plugin::cxm.contact')
        .findOne({ where: { visitorId: cookie.split('=')[1].split('.')[0] } })
    );

describe('first contact from Nuremberg via the spring newsletter', () => {
  it('serves the German variant, credits the newsletter campaign and the email channel', async () => {
    const headers = {
      'X-Forwarded-For': IPS.nuremberg,
      'X-CXM-Page-Url': NEWSLETTER_LANDING,
      'User-Agent': CHROME_DESKTOP,
    };
    const home = await getPage(app.server, 'home', headers).expect(200);
    expect(home.body.data[0].headline).toBe('Die Zukunft fahren: unsere neuen Hybridmodelle');
    expect(home.headers['x-cxm-variant']).toMatch(/=germany$/);

    const cookie = cookieOf(home)!;
    const context = await contextOf({ ...headers, Cookie: cookie });
    expect(context.geo).toEqual({ country: 'DE', region: 'BY', city: 'Nuremberg' });
    expect(context.visit).toMatchObject({
      number: 1,
      channel: 'email',
      campaign: 'spring-newsletter',
      device: 'desktop',
    });
    expect(context.identified).toBe(false);
    expect(JSON.stringify(context)).not.toMatch(/91\.64|@/);

    await app.strapi.plugin('cxm').service('tracking').flush();
    const visit = await app.strapi.db
      .query('plugin::cxm.visit')
      .findOne({ where: { contactId: cookie.split('=')[1].split('.')[0] } });
    expect(visit).toMatchObject({
      channel: 'email',
      campaign: 'spring-newsletter',
      device: 'desktop',
      os: 'Windows',
      browser: 'Chrome',
    });
    expect(visit.geo).toMatchObject({
      city: 'Nuremberg',
      country: 'DE',
      timeZone: 'Europe/Berlin',
    });
    expect(JSON.stringify(visit)).not.toContain(IPS.nuremberg); // the raw IP is never stored
  });

  it('lists the Nuremberg dealer first for a visitor from Nuremberg', async () => {
    const response = await request(app.server)
      .get('/api/dealers/nearest')
      .set('X-Forwarded-For', IPS.nuremberg)
      .expect(200);
    expect(response.body.data[0].city).toBe('Nuremberg');
    expect(response.body.data[0].distanceKm).toBeLessThan(5);
    expect(response.body.data[1].city).toBe('Munich');
  });

  it.each([
    ['IPv6 Nuremberg', IPS.nurembergV6, 'Nuremberg'],
    ['Vienna', IPS.vienna, 'Vienna'],
    ['IPv6 Vienna', IPS.viennaV6, 'Vienna'],
    ['London', IPS.london, 'London'],
    ['Seattle', IPS.seattle, 'Seattle'],
  ])('locates %s', async (_case, ip, city) => {
    expect((await contextOf({ 'X-Forwarded-For': ip })).geo.city).toBe(city);
  });

  it.each([
    ['a private address', '192.168.1.20'],
    ['loopback', '127.0.0.1'],
    ['garbage', 'not-an-ip, <script>'],
    ['an empty header', ''],
    ['an address not in the database', '8.8.8.8'],
  ])('gives no geo and no error for %s', async (_case, ip) => {
    const context = await contextOf({ 'X-Forwarded-For': ip });
    expect(context.geo).toBeNull();
  });

  it('classifies a visit from a search engine and a QR poster code', async () => {
    expect((await contextOf({ 'X-CXM-Referrer': 'https://www.google.de/' })).visit.channel).toBe(
      'organic-search'
    );
    const poster = await contextOf({ 'X-CXM-Page-Url': 'https://cars.example/?cxm_c=poster-2026' });
    expect(poster.visit).toMatchObject({ channel: 'offline', campaign: 'poster-qr' });
  });

  it('survives an oversized or binary referrer and page URL', async () => {
    const long = `https://www.google.de/${'a'.repeat(6_000)}`;
    expect(
      (await contextOf({ 'X-CXM-Referrer': long, 'X-CXM-Page-Url': long })).visit.channel
    ).toBe('direct');
    // beyond Node's header limit the request is refused before Strapi: a clear 4xx, never a 5xx
    await request(app.server)
      .get('/api/cxm/context')
      .set('X-CXM-Referrer', 'x'.repeat(20_000))
      .expect(431);
    expect(
      (await contextOf({ 'X-CXM-Referrer': 'https://\u00ff\u00fe/\u00e9\u0080' })).visit.channel
    ).toBeDefined();
  });

  it('never tracks bots and serves them the default content', async () => {
    const bot = await getPage(app.server, 'home', {
      'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'X-Forwarded-For': IPS.nuremberg,
    }).expect(200);
    expect(bot.body.data[0].headline).toBe('Drive the future: our new hybrid range');
    expect(cookieOf(bot)).toBeUndefined();
    expect(bot.headers['x-cxm-variant']).toBeUndefined();
  });
});

describe('identity', () => {
  const identify = (visitor: string, body: unknown, token: string | null = apiToken) => {
    const call = request(app.server)
      .post('/api/cxm/identify')
      .set('X-CXM-Visitor', visitor)
      .send(body as object);
    if (token) call.set('Authorization', `Bearer ${token}`);
    return call;
  };
  const signedIdOf = (cookie: string) => cookie.split('=')[1];

  it('refuses callers without an API token, and bad payloads, changing nothing', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await getPage(app.server, 'home', { Cookie: cookie }).expect(200); // comes back: stored
    await identify(signedIdOf(cookie), { email: 'x@example.com' }, null).expect(403);
    const bad = await identify(signedIdOf(cookie), { email: 'not-an-email' }).expect(400);
    expect(JSON.stringify(bad.body.error)).toMatch(/email/i);
    await identify(signedIdOf(cookie), {}).expect(400);
    await identify(signedIdOf(cookie), { email: 'x@example.com', password: 'extra' }).expect(400);
    expect((await contactOf(cookie)).identified).toBe(false);
  });

  it('needs the visitor id', async () => {
    const response = await request(app.server)
      .post('/api/cxm/identify')
      .set('Authorization', `Bearer ${apiToken}`)
      .send({ email: 'x@example.com' })
      .expect(400);
    expect(response.body.error.message).toMatch(/X-CXM-Visitor/);
  });

  it('merges a second device into the known person with exact totals, and both devices see one profile', async () => {
    // device 1: becomes a family father, then is identified as Mr Müller
    const phone = cookieOf(
      await getPage(app.server, 'home', { 'User-Agent': IPHONE }).expect(200)
    )!;
    for (const read of FAMILY_FATHER_READS)
      await getBySlug(app.server, read, { Cookie: phone }).expect(200);
    expect(
      (
        await identify(signedIdOf(phone), {
          email: 'Mueller@Example.com',
          attributes: { firstName: 'Hans', lastName: 'Müller' },
        }).expect(200)
      ).body.data
    ).toEqual({ identified: true, merged: false });

    // device 2: reads two pages anonymously, then identifies as the same person
    const laptop = cookieOf(await getPage(app.server, 'limousine').expect(200))!;
    await getPage(app.server, 'compact', { Cookie: laptop }).expect(200);
    const before = [await contactOf(phone), await contactOf(laptop)];
    const merged = await identify(signedIdOf(laptop), {
      email: 'mueller@example.com',
      attributes: { customerNumber: 'C-1001' },
    }).expect(200);
    expect(merged.body.data).toEqual({ identified: true, merged: true });
    // the laptop keeps its id, which now resolves to the known person: no new id to keep
    expect(merged.headers['x-cxm-visitor']).toBeUndefined();

    const survivor = await contactOf(phone);
    expect(survivor.visitCount).toBe(before[0].visitCount + before[1].visitCount);
    expect(survivor.profiles['vehicle-interest'].views).toBe(
      before[0].profiles['vehicle-interest'].views + before[1].profiles['vehicle-interest'].views
    );
    expect(survivor.attributes).toEqual({
      firstName: 'Hans',
      lastName: 'Müller',
      customerNumber: 'C-1001',
    });
    const absorbed = await contactOf(laptop);
    expect(absorbed.mergedInto).toBe(survivor.visitorId);
    expect(absorbed.visitCount).toBe(0);
    const visits = await app.strapi.db
      .query('plugin::cxm.visit')
      .count({ where: { contactId: survivor.visitorId } });
    expect(visits).toBe(survivor.visitCount);

    // the laptop's old cookie now resolves to Mr Müller: same profile, same persona, same variant
    const laptopHome = await getPage(app.server, 'home', { Cookie: laptop }).expect(200);
    expect(laptopHome.body.data[0].headline).toBe('The limousine that won the family car test');
    expect((await contextOf({ Cookie: laptop })).identified).toBe(true);
  });

  it('a tracked link identifies the contact on any device, credits the campaign, and redirects only to the signed URL', async () => {
    const known = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await identify(signedIdOf(known), { email: 'link@example.com' }).expect(200);
    const { secret } = app.strapi.plugin('cxm').service('settings').get();
    const contactId = signedIdOf(known).split('.')[0];
    const token = signLink(
      { url: 'https://cars.example/service', campaign: 'service-mail', contact: contactId },
      secret
    );

    const click = await request(app.server).get(`/api/cxm/r/${token}`).expect(302);
    expect(click.headers.location).toBe('https://cars.example/service');
    const newDevice = cookieOf(click)!;
    // a device of its own (with its own visit) that resolves to the known contact
    expect(signedIdOf(newDevice)).not.toBe(signedIdOf(known));
    const context = await contextOf({ Cookie: newDevice });
    expect(context.identified).toBe(true);
    expect(context.visit).toMatchObject({ campaign: 'service-mail', channel: 'email' });
  });

  it.each([
    ['a tampered token', (token: string) => token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))],
    [
      'a token for another URL',
      (token: string) =>
        `${Buffer.from(JSON.stringify({ url: 'https://evil.example' })).toString('base64url')}.${token.split('.')[1]}`,
    ],
    ['garbage', () => 'garbage'],
  ])('answers %s with 400 and no redirect', async (_case, tamper) => {
    const { secret } = app.strapi.plugin('cxm').service('settings').get();
    const token = signLink(
      { url: 'https://cars.example/service', campaign: 'service-mail' },
      secret
    );
    const response = await request(app.server)
      .get(`/api/cxm/r/${encodeURIComponent(tamper(token))}`)
      .expect(400);
    expect(response.headers.location).toBeUndefined();
  });
});
