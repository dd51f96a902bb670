/**
 * The admin's contacts (profile with decay as of now, erasure) and settings (runtime overrides
 * of config/plugins), and consent in opt-in mode, through HTTP against the real app.
 */
import request from 'supertest';
import { decayFactor } from '../../server/src/core/scoring';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf, FAMILY_FATHER_READS, getPage, readPages } from '../helpers/http';
import { CHROME_DESKTOP } from '../helpers/fixture-ips';

let app: TestApp;
let token: string;
/** an admin whose role may read contacts, and nothing else of the plugin */
let readerToken: string;

const DAY_MS = 86_400_000;
const PASSWORD = 'Reader-Pass-2026';

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app.server);
  const role = await app.strapi
    .service('admin::role')
    .create({ name: 'Contact reader', description: 'reads contacts only' });
  await app.strapi
    .service('admin::role')
    .assignPermissions(role.id, [
      { action: 'plugin::cxm.contacts.read', subject: null, properties: {}, conditions: [] },
    ]);
  await app.strapi.service('admin::user').create({
    firstname: 'Rita',
    lastname: 'Reader',
    email: 'reader@example.com',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  readerToken = (
    await request(app.server)
      .post('/admin/login')
      .send({ email: 'reader@example.com', password: PASSWORD })
      .expect(200)
  ).body.data.token;
});

afterAll(async () => {
  await app?.stop();
});

const tracking = () => app.strapi.plugin('cxm').service('tracking');
const idOf = (cookie: string) => cookie.split('=')[1].split('.')[0];
const admin = (method: 'get' | 'put' | 'delete', path: string, bearer = token) =>
  request(app.server)[method](path).set('Authorization', `Bearer ${bearer}`);
const rows = (uid: string, where: Record<string, unknown>) =>
  app.strapi.db.query(uid as any).count({ where });

/** Runs `run` as if `offsetMs` had passed. */
async function later<T>(offsetMs: number, run: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  Date.now = () => realNow() + offsetMs;
  try {
    return await run();
  } finally {
    Date.now = realNow;
  }
}

describe('a contact', () => {
  it('shows each profile key decayed as of now, the persona with its distance, visits and timeline', async () => {
    const landing =
      'https://cars.example/?utm_source=newsletter&utm_medium=email&utm_campaign=spring-2026';
    const cookie = cookieOf(
      await getPage(app.server, 'home', {
        'X-CXM-Page-Url': landing,
        'User-Agent': CHROME_DESKTOP,
      }).expect(200)
    )!;
    await readPages(app.server, cookie, FAMILY_FATHER_READS);
    await tracking().flush();
    const visitorId = idOf(cookie);
    // the stored profile as it was 30 days ago (the profile's half-life): every total is halved by now
    const row = await app.strapi.db.query('plugin::cxm.contact').findOne({ where: { visitorId } });
    const stored = row.profiles['vehicle-interest'];
    const monthAgo = Date.now() - 30 * DAY_MS;
    await app.strapi.db.query('plugin::cxm.contact').update({
      where: { visitorId },
      data: { profiles: { 'vehicle-interest': { ...stored, updatedAt: monthAgo } } },
    });

    const { data } = (await admin('get', `/cxm/contacts/${visitorId}`).expect(200)).body;
    const profile = data.profiles.find(
      (entry: { slug: string }) => entry.slug === 'vehicle-interest'
    );
    expect(profile).toMatchObject({
      name: 'Vehicle interest',
      scoring: 'sum',
      halfLifeDays: 30,
      views: 3,
    });
    const factor = decayFactor(Date.parse(data.asOf) - monthAgo, 30);
    expect(factor).toBeCloseTo(0.5, 6);
    for (const key of profile.keys) {
      expect(key.total).toBeCloseTo((stored.totals[key.slug] ?? 0) * factor, 9);
      expect(key.average).toBeCloseTo((stored.totals[key.slug] ?? 0) / stored.weight, 9); // decay leaves the averages alone
    }
    expect(profile.keys.find((key: { slug: string }) => key.slug === 'limousine')).toMatchObject({
      name: 'Limousine',
    });
    expect(profile.persona).toMatchObject({
      persona: 'family-father',
      name: 'Family father',
      distance: expect.any(Number),
    });
    expect(data.visits[0]).toMatchObject({
      channel: 'email',
      campaign: 'spring-newsletter',
      device: 'desktop',
      value: 0,
    });
    const views = data.timeline.filter((item: { type: string }) => item.type === 'view');
    expect(views.map((item: { contentTitle: string }) => item.contentTitle).sort()).toEqual([
      'Leasing offer',
      'Limousine',
      'Limousine',
    ]);
    expect(data.timeline.find((item: { type: string }) => item.type === 'persona')).toMatchObject({
      personaName: 'Family father',
    });

    const list = (await admin('get', `/cxm/contacts?q=${visitorId}`).expect(200)).body.data;
    expect(list).toHaveLength(1);
    expect(list[0].personas['vehicle-interest']).toMatchObject({
      persona: 'family-father',
      name: 'Family father',
    });
  });
});

describe('the contact list', () => {
  /** every contact of this block was last seen in 2020, which no other test of the file writes */
  const YEAR_2020 = 'lastSeenFrom=2020-01-01&lastSeenTo=2020-12-31';
  let familyFather: string;
  let direct: string;
  let identified: string;
  const list = async (query: string) =>
    (await admin('get', `/cxm/contacts?${query}`).expect(200)).body as {
      data: Array<{ visitorId: string }>;
      meta: { pagination: { page: number; pageSize: number; total: number; pageCount: number } };
    };
  const ids = async (query: string) =>
    (await list(`${YEAR_2020}&${query}`)).data.map((contact) => contact.visitorId);
  const lastSeen = (visitorId: string, at: string) =>
    app.strapi.db
      .query('plugin::cxm.contact')
      .update({ where: { visitorId }, data: { lastSeenAt: new Date(at) } });

  beforeAll(async () => {
    const newsletter = cookieOf(
      await getPage(app.server, 'home', {
        'X-CXM-Page-Url':
          'https://cars.example/?utm_source=newsletter&utm_medium=email&utm_campaign=spring-2026',
      }).expect(200)
    )!;
    await readPages(app.server, newsletter, FAMILY_FATHER_READS);
    familyFather = idOf(newsletter);
    const home = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await readPages(app.server, home, ['home']);
    direct = idOf(home);
    const known = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await readPages(app.server, known, ['home']);
    identified = idOf(known);
    await tracking().flush();
    await app.strapi.db
      .query('plugin::cxm.contact')
      .update({ where: { visitorId: identified }, data: { identified: true } });
    await lastSeen(familyFather, '2020-03-05T10:00:00Z');
    await lastSeen(direct, '2020-03-01T23:59:00Z');
    await lastSeen(identified, '2020-06-30T08:00:00Z');
  });

  it('filters by persona, identity, channel and last seen, each alone and together', async () => {
    expect(await ids('')).toEqual([identified, familyFather, direct]); // last seen first
    expect(await ids('persona=family-father')).toEqual([familyFather]);
    expect(await ids('identified=true')).toEqual([identified]);
    expect(await ids('identified=false')).toEqual([familyFather, direct]);
    expect(await ids('channel=email')).toEqual([familyFather]);
    expect(await ids('channel=direct')).toEqual([identified, direct]);
    expect(await ids('channel=email&identified=true')).toEqual([]);
    expect(await ids('persona=family-father&channel=email&identified=false')).toEqual([
      familyFather,
    ]);
    // both days count whole: the 1st of March late in the evening is in, June is out
    expect(
      (await list('lastSeenFrom=2020-03-01&lastSeenTo=2020-03-05')).data.map((c) => c.visitorId)
    ).toEqual([familyFather, direct]);
    expect(
      (await list('lastSeenFrom=2020-03-02&lastSeenTo=2020-03-02')).data.map((c) => c.visitorId)
    ).toEqual([]);
    expect(await ids(`q=${familyFather.slice(0, 8)}&channel=email`)).toEqual([familyFather]);
  });

  it('pages with page and pageSize, counting what the filters match', async () => {
    const second = await list(`${YEAR_2020}&pageSize=2&page=2`);
    expect(second.data.map((contact) => contact.visitorId)).toEqual([direct]);
    expect(second.meta.pagination).toEqual({ page: 2, pageSize: 2, total: 3, pageCount: 2 });
    const filtered = await list(`${YEAR_2020}&identified=false&pageSize=1`);
    expect(filtered.data.map((contact) => contact.visitorId)).toEqual([familyFather]);
    expect(filtered.meta.pagination).toEqual({ page: 1, pageSize: 1, total: 2, pageCount: 2 });
    expect((await list(`${YEAR_2020}&page=9`)).data).toEqual([]);
  });

  it.each([
    ['page=0', 'page'],
    ['page=two', 'page'],
    ['page=1.5', 'page'],
    ['pageSize=0', 'pageSize'],
    ['pageSize=101', 'pageSize'],
    ['identified=yes', 'identified'],
    ['channel=carrier-pigeon', 'channel'],
    ['lastSeenFrom=2020-13-45', 'lastSeenFrom'],
    ['lastSeenFrom=yesterday', 'lastSeenFrom'],
    ['lastSeenTo=2020-02-30', 'lastSeenTo'],
    ['lastSeenFrom=2020-06-01&lastSeenTo=2020-05-01', 'lastSeenFrom'],
    ['sort=email', 'sort'],
    ['persona=nobody-at-all', 'persona'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const response = await admin('get', `/cxm/contacts?${query}`).expect(400);
    expect(response.body.error.message).toContain(field);
  });
});

describe('erasing a contact', () => {
  it('removes the contact, its visits and interactions, keeps the rollups, and the old cookie starts a new contact', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await readPages(app.server, cookie, FAMILY_FATHER_READS);
    await request(app.server)
      .post('/api/cxm/events')
      .set('Cookie', cookie)
      .send({ events: [{ type: 'goal', goal: 'brochure-download' }] })
      .expect(200);
    const visitorId = idOf(cookie);
    await tracking().flush();
    const rollupsBefore = await app.strapi.db.query('plugin::cxm.rollup').findMany();
    expect(await rows('plugin::cxm.contact', { visitorId })).toBe(1);
    expect(await rows('plugin::cxm.visit', { contactId: visitorId })).toBe(1);
    expect(await rows('plugin::cxm.interaction', { contactId: visitorId })).toBeGreaterThanOrEqual(
      5
    );

    await admin('delete', `/cxm/contacts/${visitorId}`, readerToken).expect(403);
    expect(await rows('plugin::cxm.contact', { visitorId })).toBe(1);

    const erased = await admin('delete', `/cxm/contacts/${visitorId}`).expect(200);
    expect(erased.body.data.erased).toMatchObject({ contacts: 1, visits: 1 });
    expect(await rows('plugin::cxm.contact', { visitorId })).toBe(0);
    expect(await rows('plugin::cxm.visit', { contactId: visitorId })).toBe(0);
    expect(await rows('plugin::cxm.interaction', { contactId: visitorId })).toBe(0);
    expect(await app.strapi.db.query('plugin::cxm.rollup').findMany()).toEqual(rollupsBefore);
    await admin('get', `/cxm/contacts/${visitorId}`).expect(404);
    await admin('delete', `/cxm/contacts/${visitorId}`).expect(404);
    await admin('delete', '/cxm/contacts/not-a-uuid').expect(400);

    // evicted from the tracking cache: the old cookie is a visitor seen for the first time
    const erasedAt = Date.now();
    await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
    await tracking().flush();
    const fresh = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId } });
    expect(fresh).toMatchObject({ visitCount: 1, engagementValue: 0, profiles: {}, goals: {} });
    expect(new Date(fresh.firstSeenAt).getTime()).toBeGreaterThanOrEqual(erasedAt);
    expect(
      await rows('plugin::cxm.interaction', {
        contactId: visitorId,
        occurredAt: { $lt: new Date(erasedAt) },
      })
    ).toBe(0);
  });
});

describe('settings', () => {
  const put = (body: unknown, bearer = token) =>
    admin('put', '/cxm/settings', bearer).send(body as object);
  const settings = () => app.strapi.plugin('cxm').service('settings').get();

  afterEach(async () => {
    await put({}).expect(200); // back to config/plugins
  });

  it('shows each option with its configured value and its override, and the GeoIP database', async () => {
    const { data } = (await admin('get', '/cxm/settings').expect(200)).body;
    expect(data.options.visitTimeoutMinutes).toEqual({
      value: 30,
      configured: 30,
      overridden: false,
    });
    expect(data.options.consentMode).toEqual({
      value: 'implied',
      configured: 'implied',
      overridden: false,
    });
    expect(data.geoip).toMatchObject({
      loaded: true,
      databaseType: 'GeoLite2-City',
      buildDate: '2025-01-01T00:00:00.000Z',
      error: null,
    });
    expect(data.geoip.path).toMatch(/geoip-fixture\.mmdb$/);

    const changed = (
      await put({ visitTimeoutMinutes: 10, personaMinViews: 2, defaultHalfLifeDays: 14 }).expect(
        200
      )
    ).body.data;
    expect(changed.options.visitTimeoutMinutes).toEqual({
      value: 10,
      configured: 30,
      overridden: true,
    });
    const again = (await admin('get', '/cxm/settings').expect(200)).body.data;
    expect(again.options).toEqual(changed.options);
    expect(again.options.personaMinViews).toEqual({ value: 2, configured: 3, overridden: true });

    // a new profile without a half-life gets the default
    const profile = await app.strapi
      .documents('plugin::cxm.profile')
      .create({ data: { name: 'Budget', slug: 'budget', scoring: 'average' } as any });
    expect(Number((profile as any).halfLifeDays)).toBe(14);

    // null (or leaving it out) resets an option to config/plugins
    const reset = (await put({ visitTimeoutMinutes: null, personaMinViews: 2 }).expect(200)).body
      .data;
    expect(reset.options.visitTimeoutMinutes).toEqual({
      value: 30,
      configured: 30,
      overridden: false,
    });
    expect(reset.options.personaMinViews.overridden).toBe(true);
  });

  it.each([
    [{ visitTimeoutMinutes: 0 }, /visitTimeoutMinutes/],
    [{ visitTimeoutMinutes: 'soon' }, /visitTimeoutMinutes/],
    [{ consentMode: 'always' }, /consentMode/],
    [{ honorDoNotTrack: 'yes' }, /honorDoNotTrack/],
    [{ personaMinViews: 1.5 }, /personaMinViews/],
    [{ defaultHalfLifeDays: -1 }, /defaultHalfLifeDays/],
    [{ cookieName: 'other' }, /cookieName/],
  ])('refuses %j with a 400 naming the field, and changes nothing', async (body, field) => {
    await put({ visitTimeoutMinutes: 12 }).expect(200);
    const response = await put({ personaMinViews: 4, ...body }).expect(400);
    expect(response.body.error.message).toMatch(field);
    const { data } = (await admin('get', '/cxm/settings').expect(200)).body;
    expect(data.options.visitTimeoutMinutes.value).toBe(12);
    expect(data.options.personaMinViews.overridden).toBe(false);
  });

  it('refuses admins without the settings permission', async () => {
    await admin('get', '/cxm/settings', readerToken).expect(403);
    await put({ visitTimeoutMinutes: 5 }, readerToken).expect(403);
    await admin('get', '/cxm/settings/geoip?ip=91.64.10.20', readerToken).expect(403);
    await request(app.server).get('/cxm/settings').expect(401);
    expect(settings().visitTimeoutMinutes).toBe(30);
  });

  it('looks an address up in the GeoIP database', async () => {
    const { data } = (await admin('get', '/cxm/settings/geoip?ip=91.64.10.20').expect(200)).body;
    expect(data.result).toMatchObject({ country: 'DE', city: 'Nuremberg' });
    expect(
      (await admin('get', '/cxm/settings/geoip?ip=10.0.0.1').expect(200)).body.data.result
    ).toBeNull();
    for (const query of ['?ip=not-an-ip', '?ip=', '', '?ip=1.2.3.4&extra=1']) {
      const refused = await admin('get', `/cxm/settings/geoip${query}`).expect(400);
      expect(refused.body.error.message).toMatch(/^Invalid lookup: /);
    }
    const bad = await admin('get', '/cxm/settings/geoip?ip=nowhere').expect(400);
    expect(bad.body.error.message).toMatch(/ip: must be an IPv4 or IPv6 address/);
  });

  it('a shorter visit timeout applies to the next request, without a restart', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await later(2 * 60_000, () => getPage(app.server, 'home', { Cookie: cookie }).expect(200)); // within 30 minutes: same visit
    await put({ visitTimeoutMinutes: 1 }).expect(200);
    await later(4 * 60_000, () => getPage(app.server, 'home', { Cookie: cookie }).expect(200)); // 2 minutes later: a new visit
    await tracking().flush();
    expect(await rows('plugin::cxm.visit', { contactId: idOf(cookie) })).toBe(2);
  });

  it('an override stored by another instance applies here once the version poll sees it', async () => {
    await app.strapi
      .store({ type: 'plugin', name: 'cxm' })
      .set({ key: 'settings-overrides', value: { visitTimeoutMinutes: 7 } });
    const version = Number(
      await app.strapi.store.get({ type: 'plugin', name: 'cxm', key: 'definitions-version' })
    );
    await app.strapi.store.set({
      type: 'plugin',
      name: 'cxm',
      key: 'definitions-version',
      value: version + 1,
    });
    const deadline = Date.now() + 10_000;
    while (settings().visitTimeoutMinutes !== 7 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settings().visitTimeoutMinutes).toBe(7);
  });
});

describe('consent', () => {
  const consent = (body: unknown, cookie?: string) => {
    const call = request(app.server).post('/api/cxm/consent');
    return (cookie ? call.set('Cookie', cookie) : call).send(body as object);
  };
  const contacts = () => rows('plugin::cxm.contact', {});

  afterEach(async () => {
    await admin('put', '/cxm/settings').send({}).expect(200); // back to implied consent
  });

  it('in opt-in mode nothing is stored and no cookie set before consent; after it the visitor is tracked', async () => {
    await admin('put', '/cxm/settings').send({ consentMode: 'opt-in' }).expect(200);
    await tracking().flush();
    const before = await contacts();
    const home = await getPage(app.server, 'home').expect(200);
    expect(cookieOf(home)).toBeUndefined();
    await request(app.server)
      .post('/api/cxm/events')
      .send({ events: [{ type: 'goal', goal: 'like-share' }] })
      .expect(403);
    await tracking().flush();
    expect(await contacts()).toBe(before);

    const given = await consent({ consent: 'analytics' }).expect(200);
    expect(given.body.data).toEqual({ consent: 'analytics', tracked: true });
    const cookie = cookieOf(given)!;
    expect(cookie).toBeDefined();
    await readPages(app.server, cookie, FAMILY_FATHER_READS);
    await tracking().flush();
    expect(await contacts()).toBe(before + 1);
    const contact = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId: idOf(cookie) } });
    expect(contact).toMatchObject({ consent: 'analytics', visitCount: 1 });
    expect(contact.profiles['vehicle-interest'].views).toBe(3);
    expect(
      await rows('plugin::cxm.interaction', { contactId: idOf(cookie), type: 'consent' })
    ).toBe(1);

    // withdrawn: recorded, the cookie goes, and a refusal cookie keeps the visitor untracked
    const refused = await consent({ consent: 'none' }, cookie).expect(200);
    expect(refused.body.data).toEqual({ consent: 'none', tracked: false });
    const setCookies = ([] as string[]).concat(refused.headers['set-cookie'] ?? []);
    expect(setCookies.find((value) => value.startsWith('cxm_vid=;'))).toBeDefined();
    const refusal = cookieOf(refused, 'cxm_vid_consent')!;
    expect(refusal).toBe('cxm_vid_consent=none');
    await tracking().flush();
    expect(
      (
        await app.strapi.db
          .query('plugin::cxm.contact')
          .findOne({ where: { visitorId: idOf(cookie) } })
      ).consent
    ).toBe('none');
  });

  it('consent to analytics only measures the visitor without personalizing; consent to personalization personalizes', async () => {
    await admin('put', '/cxm/settings').send({ consentMode: 'opt-in' }).expect(200);
    const served = async (consentGiven: string) => {
      const cookie = cookieOf(await consent({ consent: consentGiven }).expect(200))!;
      await readPages(app.server, cookie, FAMILY_FATHER_READS);
      return (await getPage(app.server, 'home', { Cookie: cookie }).expect(200)).headers[
        'x-cxm-variant'
      ];
    };
    expect(await served('analytics')).toMatch(/=default$/);
    expect(await served('personalization')).toMatch(/=family-father$/);
  });

  it('in implied mode a refusal is remembered: nothing is tracked until consent is given', async () => {
    await tracking().flush();
    const before = await contacts();
    const refused = await consent({ consent: 'none' }).expect(200);
    const refusal = cookieOf(refused, 'cxm_vid_consent')!;
    const home = await getPage(app.server, 'home', { Cookie: refusal }).expect(200);
    expect(cookieOf(home)).toBeUndefined();
    await tracking().flush();
    expect(await contacts()).toBe(before);
    const given = await consent({ consent: 'personalization' }, refusal).expect(200);
    expect(cookieOf(given)).toBeDefined();
    expect(cookieOf(given, 'cxm_vid_consent')).toBe('cxm_vid_consent='); // the refusal is cleared
  });

  it.each([
    [{ consent: 'all' }],
    [{}],
    [{ consent: 'analytics', until: 'tomorrow' }],
    [{ consent: 1 }],
  ])('refuses the payload %j with a 400', async (body) => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await getPage(app.server, 'home', { Cookie: cookie }).expect(200); // comes back: stored
    const response = await consent(body, cookie).expect(400);
    expect(response.body.error.message).toMatch(/consent/);
    await tracking().flush();
    expect(
      (
        await app.strapi.db
          .query('plugin::cxm.contact')
          .findOne({ where: { visitorId: idOf(cookie) } })
      ).consent
    ).toBe('implied');
  });
});
