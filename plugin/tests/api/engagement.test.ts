/** Goals and engagement value, credited to campaigns and channels, read from rollups. */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { startChildApp } from '../helpers/child-app';
import { adminToken, cookieOf, editorToken, getPage } from '../helpers/http';

let app: TestApp;
let token: string;

beforeAll(async () => {
  // contacts and visits wait for an explicit flush; interactions are written by the 1 s timer
  app = await startApp({ CXM_STATE_WRITE_DELAY_MS: '60000' });
  token = await adminToken(app.server);
  // the prize draw of the scenario: many visits, little value
  await app.strapi.documents('plugin::cxm.campaign').create({
    data: {
      slug: 'prize-draw',
      name: 'Prize draw',
      channel: 'social',
      utmCampaign: 'prize-draw',
      cost: 500,
    } as any,
  });
  await app.strapi.documents('plugin::cxm.goal').create({
    data: {
      slug: 'configurator-step',
      name: 'Configurator step',
      points: 2,
      repeatable: true,
    } as any,
  });
});

afterAll(async () => {
  await app?.stop();
});

const tracking = () => app.strapi.plugin('cxm').service('tracking');
const LANDINGS = {
  'prize-draw':
    'https://cars.example/?utm_campaign=prize-draw&utm_source=facebook&utm_medium=social',
  'spring-2026':
    'https://cars.example/?utm_campaign=spring-2026&utm_source=newsletter&utm_medium=email',
};

function postEvents(cookie: string, events: unknown[]) {
  return request(app.server).post('/api/cxm/events').set('Cookie', cookie).send({ events });
}

/** A new visitor arriving through a campaign, reaching the given goals. */
async function visitor(campaign: 'prize-draw' | 'spring-2026', goals: string[]) {
  const cookie = cookieOf(
    await getPage(app.server, 'home', { 'X-CXM-Page-Url': LANDINGS[campaign] }).expect(200)
  )!;
  if (goals.length)
    await postEvents(
      cookie,
      goals.map((goal) => ({ type: 'goal', goal }))
    ).expect(200);
  return cookie;
}

async function onDay<T>(day: string, run: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  const offset = Date.parse(`${day}T10:00:00Z`) - realNow();
  Date.now = () => realNow() + offset;
  try {
    return await run();
  } finally {
    Date.now = realNow;
  }
}

const admin = (path: string, bearer = token) =>
  request(app.server).get(path).set('Authorization', `Bearer ${bearer}`);

describe('write buffer', () => {
  it('writes the interactions of content reads on its interval and a changed contact only after the state write delay, or on a flush', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    const visitorId = decodeURIComponent(cookie.split('=')[1]).split('.')[0];
    await getPage(app.server, 'limousine', { Cookie: cookie }).expect(200); // a tagged page: a scored view
    const viewRows = () =>
      app.strapi.db
        .query('plugin::cxm.interaction')
        .count({ where: { contactId: visitorId, type: 'view' } });
    for (let waited = 0; (await viewRows()) === 0 && waited < 10_000; waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await viewRows()).toBe(1);
    expect(
      await app.strapi.db.query('plugin::cxm.contact').findOne({ where: { visitorId } })
    ).toBeNull();

    await tracking().flush();
    const contact = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId } });
    expect(contact).toMatchObject({ visitorId });
    expect(contact.profiles['vehicle-interest'].views).toBe(1);
    expect(
      await app.strapi.db.query('plugin::cxm.visit').count({ where: { contactId: visitorId } })
    ).toBe(1);
  });
});

describe('events', () => {
  it('are answered once they are stored, with the contact that they changed', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    const visitorId = decodeURIComponent(cookie.split('=')[1]).split('.')[0];
    await postEvents(cookie, [{ type: 'goal', goal: 'brochure-download' }]).expect(200);
    // no flush, no waiting: the answer came after the commit
    expect(
      await app.strapi.db
        .query('plugin::cxm.interaction')
        .count({ where: { contactId: visitorId, type: 'goal' } })
    ).toBe(1);
    expect(
      await app.strapi.db.query('plugin::cxm.contact').findOne({ where: { visitorId } })
    ).toMatchObject({ visitorId, engagementValue: 20 });
  });
});

describe('who may call the visitor routes', () => {
  const permissions = () => app.strapi.db.query('plugin::users-permissions.permission');
  const publicRole = () =>
    app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  const FORMERLY_GRANTED = [
    'plugin::cxm.context.find',
    'plugin::cxm.events.create',
    'plugin::cxm.identity.redirect',
    'plugin::cxm.consent.update',
    'plugin::cxm.me.export',
    'plugin::cxm.me.erase',
  ];

  it('any visitor, without a Public role permission or a permission query per request; an API token with its own permissions', async () => {
    const role = await publicRole();
    expect(
      await permissions().count({
        where: { role: role.id, action: { $startsWith: 'plugin::cxm.' } },
      })
    ).toBe(0);
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    const permissionQueries: string[] = [];
    const listen = (query: { sql: string }) =>
      query.sql.includes('up_permissions') && permissionQueries.push(query.sql);
    app.strapi.db.connection.on('query', listen);
    try {
      for (let batch = 0; batch < 20; batch++)
        await postEvents(cookie, [{ type: 'goal', goal: 'like-share' }]).expect(200);
      await request(app.server).get('/api/cxm/context').set('Cookie', cookie).expect(200);
    } finally {
      app.strapi.db.connection.off('query', listen);
    }
    expect(permissionQueries).toEqual([]);

    const fullAccess = (
      await app.strapi
        .service('admin::api-token')
        .create({ name: 'events from a server', type: 'full-access', lifespan: null } as any)
    ).accessKey;
    await postEvents(cookie, [{ type: 'goal', goal: 'like-share' }])
      .set('Authorization', `Bearer ${fullAccess}`)
      .expect(200);
    const readOnly = (
      await app.strapi
        .service('admin::api-token')
        .create({ name: 'reads only', type: 'read-only', lifespan: null } as any)
    ).accessKey;
    await postEvents(cookie, [{ type: 'goal', goal: 'like-share' }])
      .set('Authorization', `Bearer ${readOnly}`)
      .expect(403);
    await postEvents(cookie, [{ type: 'goal', goal: 'like-share' }])
      .set('Authorization', 'Bearer not-a-token')
      .expect(401);
  });

  it("revokes at start the Public role's permissions that earlier versions granted", async () => {
    const role = await publicRole();
    for (const action of FORMERLY_GRANTED)
      await permissions().create({ data: { action, role: role.id } });
    const pageReads = await permissions().count({
      where: { role: role.id, action: 'api::page.page.find' },
    });
    // a second instance of the app on this database starts (as after an upgrade)
    const upgraded = await startChildApp({ database: app.database, env: app.instanceEnv });
    try {
      expect(
        await permissions().count({ where: { role: role.id, action: { $in: FORMERLY_GRANTED } } })
      ).toBe(0);
      // the app's own permissions stay
      expect(
        await permissions().count({ where: { role: role.id, action: 'api::page.page.find' } })
      ).toBe(pageReads);
      expect(pageReads).toBe(1);
    } finally {
      await upgraded.stop();
    }
  }, 120_000);
});

describe('events', () => {
  it('keeps the valid members of a batch and rejects the others with a reason', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    const limousine = (await app.strapi
      .documents('api::page.page')
      .findFirst({ filters: { slug: 'limousine' } }))!.documentId;
    const response = await postEvents(cookie, [
      { type: 'goal', goal: 'brochure-download' },
      { type: 'goal', goal: 'no-such-goal' },
      { type: 'view', uid: 'api::page.page', documentId: limousine },
      { type: 'view', uid: 'api::page.page', documentId: 'missing' },
      { type: 'view', uid: 'api::nothing.nothing', documentId: limousine },
      { type: 'teleport' },
      'not an object',
    ]).expect(200);
    expect(response.body.data).toMatchObject({ accepted: 2, rejected: 5 });
    expect(
      response.body.data.events.map(
        (event: { status: string; reason?: string }) => event.reason ?? event.status
      )
    ).toEqual([
      'accepted',
      "unknown goal 'no-such-goal'",
      'accepted',
      "unknown document 'missing' of api::page.page",
      "unknown content type 'api::nothing.nothing'",
      expect.stringMatching(/type/),
      expect.stringMatching(/event/),
    ]);
    await tracking().flush();
    const contact = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId: cookie.split('=')[1].split('.')[0] } });
    expect(contact.engagementValue).toBe(20);
    expect(contact.profiles['vehicle-interest'].views).toBe(1);
  });

  it.each([
    [{ events: [] }, /at least one/],
    [
      { events: Array.from({ length: 51 }, () => ({ type: 'goal', goal: 'like-share' })) },
      /at most 50/,
    ],
    [{ nope: 1 }, /events|nope/],
    ['text', /events|object/],
  ])('refuses a malformed batch whole (%#)', async (body, message) => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    const response = await request(app.server)
      .post('/api/cxm/events')
      .set('Cookie', cookie)
      .send(body as object)
      .expect(400);
    expect(JSON.stringify(response.body.error)).toMatch(message);
  });

  it('counts a goal once per visit unless it is repeatable', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    const twice = await postEvents(cookie, [
      { type: 'goal', goal: 'product-video' },
      { type: 'goal', goal: 'product-video' },
      { type: 'goal', goal: 'configurator-step' },
      { type: 'goal', goal: 'configurator-step' },
      { type: 'goal', goal: 'configurator-step' },
    ]).expect(200);
    expect(twice.body.data.events.map((event: { counted: boolean }) => event.counted)).toEqual([
      true,
      false,
      true,
      true,
      true,
    ]);
    await tracking().flush();
    const contact = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId: cookie.split('=')[1].split('.')[0] } });
    expect(contact.engagementValue).toBe(10 + 3 * 2);
    expect(contact.goals['product-video'].count).toBe(1);
    expect(contact.goals['configurator-step'].count).toBe(3);
  });
});

describe('analytics from rollups', () => {
  beforeAll(async () => {
    // Hand-computed traffic over three days: prize draw 2 visits a day, a like-share (5) on days 2 and 3;
    // spring newsletter 1 visit a day: brochure (20), newsletter sign-up (15), test drive (60, a conversion).
    const plan: Array<[string, Array<['prize-draw' | 'spring-2026', string[]]>]> = [
      [
        '2026-11-02',
        [
          ['prize-draw', []],
          ['prize-draw', []],
          ['spring-2026', ['brochure-download']],
        ],
      ],
      [
        '2026-11-03',
        [
          ['prize-draw', ['like-share']],
          ['prize-draw', []],
          ['spring-2026', ['newsletter-sign-up']],
        ],
      ],
      [
        '2026-11-04',
        [
          ['prize-draw', []],
          ['prize-draw', ['like-share']],
          ['spring-2026', ['test-drive-booking']],
        ],
      ],
    ];
    for (const [day, visitors] of plan) {
      await onDay(day, async () => {
        for (const [campaign, goals] of visitors) await visitor(campaign, goals);
      });
    }
    await tracking().flush();
  });

  it('overview: visits, value and value per visit per day', async () => {
    const response = await admin('/cxm/analytics/overview?from=2026-11-01&to=2026-11-04').expect(
      200
    );
    expect(
      response.body.data.series.map((p: any) => [p.period, p.visits, p.value, p.valuePerVisit])
    ).toEqual([
      ['2026-11-01', 0, 0, 0],
      ['2026-11-02', 3, 20, 6.67],
      ['2026-11-03', 3, 20, 6.67],
      ['2026-11-04', 3, 65, 21.67],
    ]);
  });

  it('matrix: the prize draw brings visits, the newsletter brings value', async () => {
    const response = await admin('/cxm/analytics/matrix?from=2026-11-02&to=2026-11-04').expect(200);
    const rows = Object.fromEntries(
      response.body.data.campaigns.map((row: any) => [row.campaign, row])
    );
    expect(rows['prize-draw']).toMatchObject({
      channel: 'social',
      visits: 6,
      value: 10,
      valuePerVisit: 1.67,
      cost: 500,
      costPerValue: 50,
    });
    expect(rows['spring-newsletter']).toMatchObject({
      channel: 'email',
      visits: 3,
      value: 95,
      valuePerVisit: 31.67,
      conversions: 1,
    });
    expect(response.body.data.totals).toMatchObject({
      visits: 9,
      value: 105,
      valuePerVisit: 11.67,
    });
  });

  it('goal conversions: how often each goal was reached and its value', async () => {
    const response = await admin('/cxm/analytics/goals?from=2026-11-02&to=2026-11-04').expect(200);
    expect(response.body.data.goals).toEqual([
      { goal: 'test-drive-booking', reached: 1, value: 60, conversions: 1 },
      { goal: 'brochure-download', reached: 1, value: 20, conversions: 0 },
      { goal: 'newsletter-sign-up', reached: 1, value: 15, conversions: 0 },
      { goal: 'like-share', reached: 2, value: 10, conversions: 0 },
    ]);
  });

  it("lists contacts with search, and shows one contact's timeline", async () => {
    const list = await admin('/cxm/contacts?pageSize=5').expect(200);
    expect(list.body.data).toHaveLength(5);
    expect(list.body.meta.pagination.total).toBeGreaterThanOrEqual(9);
    const { visitorId } = list.body.data[0];
    const found = await admin(`/cxm/contacts?q=${visitorId.slice(0, 13)}`).expect(200);
    expect(found.body.data.map((contact: { visitorId: string }) => contact.visitorId)).toContain(
      visitorId
    );

    const newsletterReader = await onDay('2026-11-05', () =>
      visitor('spring-2026', ['brochure-download'])
    );
    const id = newsletterReader.split('=')[1].split('.')[0];
    const timeline = await admin(`/cxm/contacts/${id}`).expect(200);
    expect(timeline.body.data.contact).toMatchObject({
      visitorId: id,
      engagementValue: 20,
      visitCount: 1,
    });
    expect(timeline.body.data.visits).toHaveLength(1);
    expect(timeline.body.data.visits[0]).toMatchObject({
      campaign: 'spring-newsletter',
      channel: 'email',
      value: 20,
    });
    expect(timeline.body.data.timeline.map((item: { type: string }) => item.type).sort()).toEqual([
      'goal',
      'visit',
    ]); // the home page is not tagged: its view counts in the visit, not in the log
    await admin('/cxm/contacts/not-a-uuid').expect(400);
    await admin('/cxm/contacts?page=0').expect(400);
    await admin('/cxm/contacts?pageSize=1000').expect(400);
    await admin('/cxm/contacts?sort=email').expect(400);
    await admin('/cxm/contacts/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('rollups maintained incrementally equal a rebuild from the raw interactions (which keeps the counts of visits that left no row)', async () => {
    const strip = (rows: any[]) =>
      rows
        .map(({ key, visits, newContacts, value, goals, conversions }) => ({
          key,
          visits,
          newContacts,
          value,
          goals,
          conversions,
        }))
        .sort((a, b) => a.key.localeCompare(b.key));
    const incremental = strip(await app.strapi.db.query('plugin::cxm.rollup').findMany());
    const result = await tracking().rebuildRollups();
    const unlogged = incremental.filter((row) => row.key.endsWith('|unlogged'));
    expect(unlogged.length).toBeGreaterThan(0); // one-hit visitors of the tests above
    expect(result.rows).toBe(incremental.length - unlogged.length);
    expect(strip(await app.strapi.db.query('plugin::cxm.rollup').findMany())).toEqual(incremental);
  });

  it('refuses bad queries with a 400', async () => {
    await admin('/cxm/analytics/overview?from=2026-13-45').expect(400);
    await admin('/cxm/analytics/overview?from=2026-11-05&to=2026-11-01').expect(400);
    await admin('/cxm/analytics/overview?interval=year').expect(400);
  });

  it('refuses admins without the analytics permission, and anonymous callers', async () => {
    const editor = await editorToken(app.strapi, app.server);
    await admin('/cxm/analytics/overview', editor).expect(403);
    await admin('/cxm/analytics/matrix', editor).expect(403);
    await admin('/cxm/contacts', editor).expect(403);
    await request(app.server).get('/cxm/analytics/overview').expect(401);
  });
});

describe('the goals scale (admin)', () => {
  const goals = (method: 'get' | 'post' | 'put', path = '') =>
    request(app.server)[method](`/cxm/goals${path}`).set('Authorization', `Bearer ${token}`);

  it('lists goals by points, edits one in place, adds one, and refuses bad input', async () => {
    const list = await goals('get').expect(200);
    const points = list.body.data.map((goal: { points: number }) => goal.points);
    expect(points).toEqual([...points].sort((a, b) => b - a));
    const video = list.body.data.find((goal: { slug: string }) => goal.slug === 'product-video');
    await goals('put', `/${video.documentId}`)
      .send({ name: 'Product video', points: -1 })
      .expect(400);
    await goals('put', `/${video.documentId}`)
      .send({ name: 'Product video', points: 12, isConversion: false, repeatable: false })
      .expect(200);
    await goals('post').send({ name: 'Dealer call', points: 40, isConversion: true }).expect(201);
    await goals('post').send({ name: 'Dealer call', points: 40 }).expect(400);
    const after = await goals('get').expect(200);
    expect(
      after.body.data.find((goal: { slug: string }) => goal.slug === 'product-video').points
    ).toBe(12);
    expect(
      after.body.data.find((goal: { slug: string }) => goal.slug === 'dealer-call')
    ).toMatchObject({ points: 40, isConversion: true });

    // the new value counts on the next event, without a restart
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await postEvents(cookie, [{ type: 'goal', goal: 'dealer-call' }]).expect(200);
    await tracking().flush();
    const contact = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId: cookie.split('=')[1].split('.')[0] } });
    expect(contact.engagementValue).toBe(40);
  });
});
