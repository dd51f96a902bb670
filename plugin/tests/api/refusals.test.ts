/**
 * Bad input gets a clear 4xx and changes nothing: each refusal below is followed by a read of
 * what it could have changed (the stored rows, the rollups), which must be as before. Variant
 * markers of an unknown type, skipping a wait that is not waiting, contact list filters,
 * experiment designs and transitions, event batches from senders without a visitor id and
 * batches with no event to keep,
 * identify calls with a visitor id that does not verify or a bad payload, and consent from a
 * first-time visitor (a bad one, and a refusal, which leaves nothing of the visitor).
 * Runs on SQLite, and on PostgreSQL / MariaDB when DATABASE_CLIENT says so.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf, getPage } from '../helpers/http';

const client = process.env.DATABASE_CLIENT ?? 'sqlite';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startApp({ CXM_AUTOMATION_SCHEDULER: 'false' });
  token = await adminToken(app.server);
});

afterAll(async () => {
  await app?.stop();
});

const admin = (method: 'get' | 'post' | 'put', path: string) =>
  request(app.server)[method](`/cxm${path}`).set('Authorization', `Bearer ${token}`);
const rowsOf = (name: string, where: Record<string, unknown> = {}) =>
  app.strapi.db.query(`plugin::cxm.${name}` as any).findMany({ where, orderBy: { id: 'asc' } });
const flush = () => app.strapi.plugin('cxm').service('tracking').flush();
const tick = (now: number) => app.strapi.plugin('cxm').service('automation-scheduler').tick(now);

describe(`variant markers (${client})`, () => {
  it.each([
    ['no uid', '', 400],
    ['a uid that is no content type uid', 'uid=pages', 400],
    ['a uid of no content type', 'uid=api::nope.nope', 400],
    ['a plugin type', 'uid=plugin::cxm.experiment', 400],
    ['two uids', 'uid=api::page.page&uid=api::offer.offer', 400],
    ['an operator for a uid', 'uid[$ne]=api::page.page', 400],
    ['another parameter', 'uid=api::page.page&documentId=x', 400],
  ])('refuses %s with a %d, and changes no rule set', async (_label, query, status) => {
    const before = await rowsOf('variant-rule');
    const refused = await admin('get', `/variants?${query}`).expect(status);
    expect(refused.body.error.message).toEqual(expect.any(String));
    expect(await rowsOf('variant-rule')).toEqual(before);
  });
});

describe(`skipping a wait (${client})`, () => {
  let automationId: string;
  let otherAutomationId: string;
  const enrollmentOf = async (documentId: string) =>
    (await rowsOf('enrollment', { documentId }))[0];
  const skip = (automation: string, enrollment: string) =>
    admin('post', `/automations/${automation}/enrollments/${enrollment}/skip-wait`);

  /** A contact with a row: a new visitor who comes back. */
  async function storedVisitor() {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
    await flush();
    return cookie.slice('cxm_vid='.length).split('.')[0];
  }

  async function activeAutomation(name: string, steps: unknown[]) {
    const created = await admin('post', '/automations')
      .send({
        name,
        trigger: { type: 'manual' },
        reentry: 'every-time',
        flow: { start: (steps[0] as { id: string }).id, steps },
      })
      .expect(201);
    const documentId = created.body.data.documentId as string;
    await admin('post', `/automations/${documentId}/activate`).expect(200);
    return documentId;
  }

  async function enrol(automation: string) {
    const visitorId = await storedVisitor();
    await admin('post', `/automations/${automation}/enrollments`).send({ visitorId }).expect(201);
    await tick(Date.now());
    const [enrollment] = (
      await admin('get', `/automations/${automation}/enrollments`).expect(200)
    ).body.data.results.filter(
      (row: { contactId: string }) => row.contactId === visitorId
    ) as Array<{ documentId: string; state: string; currentStep: string }>;
    return enrollment;
  }

  beforeAll(async () => {
    automationId = await activeAutomation('Wait, then tag', [
      { id: 'wait', type: 'wait', duration: { days: 14 }, next: 'tag' },
      { id: 'tag', type: 'attribute', name: 'segment', value: 'patient' },
    ]);
    otherAutomationId = await activeAutomation('Tag at once', [
      { id: 'tag', type: 'attribute', name: 'segment', value: 'eager' },
    ]);
  });

  it('refuses unknown ids with a 404, and changes the waiting enrolment in nothing', async () => {
    const waiting = await enrol(automationId);
    expect(waiting).toMatchObject({ state: 'active', currentStep: 'wait' });
    const before = await enrollmentOf(waiting.documentId);
    await skip(automationId, 'no-such-enrolment').expect(404);
    await skip('no-such-automation', waiting.documentId).expect(404);
    // an enrolment is skipped through its own automation only
    await skip(otherAutomationId, waiting.documentId).expect(404);
    expect(await enrollmentOf(waiting.documentId)).toEqual(before);
  });

  it('refuses an enrolment that is not waiting with a 400, and leaves it as it was', async () => {
    const completed = await enrol(otherAutomationId);
    expect(completed.state).toBe('completed');
    const before = await enrollmentOf(completed.documentId);
    const refused = await skip(otherAutomationId, completed.documentId).expect(400);
    expect(refused.body.error.message).toMatch(/active enrolment at a wait step/);
    expect(await enrollmentOf(completed.documentId)).toEqual(before);
  });

  it('skips once: a second skip is a 400 and keeps the first one’s nextRunAt and history', async () => {
    const waiting = await enrol(automationId);
    await skip(automationId, waiting.documentId).expect(200);
    const skipped = await enrollmentOf(waiting.documentId);
    const refused = await skip(automationId, waiting.documentId).expect(400);
    expect(refused.body.error.message).toMatch(/due already/);
    expect(await enrollmentOf(waiting.documentId)).toEqual(skipped);
  });

  it('refuses the wait of a paused automation’s enrolment, and leaves it paused', async () => {
    const waiting = await enrol(automationId);
    await admin('post', `/automations/${automationId}/pause`).expect(200);
    try {
      const before = await enrollmentOf(waiting.documentId);
      expect(before.state).toBe('paused');
      await skip(automationId, waiting.documentId).expect(400);
      expect(await enrollmentOf(waiting.documentId)).toEqual(before);
    } finally {
      await admin('post', `/automations/${automationId}/activate`).expect(200);
    }
  });
});

describe(`contact list filters (${client})`, () => {
  it.each([
    ['an empty persona', 'persona=', 'persona'],
    ['an unknown persona', 'persona=nobody-at-all', 'persona'],
    ['two personas', 'persona=family-father&persona=sports-fan', 'persona'],
    ['a persona operator', 'persona[$ne]=family-father', 'persona'],
    ['an unknown channel', 'channel=carrier-pigeon', 'channel'],
    ['two channels', 'channel=email&channel=direct', 'channel'],
    ['a channel in capitals', 'channel=EMAIL', 'channel'],
    ['a last seen time', 'lastSeenFrom=2020-01-01T00:00:00Z', 'lastSeenFrom'],
    ['a last seen of no day', 'lastSeenTo=2021-02-29', 'lastSeenTo'],
    ['an empty last seen', 'lastSeenFrom=', 'lastSeenFrom'],
    [
      'a last seen range backwards',
      'lastSeenFrom=2020-06-01&lastSeenTo=2020-05-01',
      'lastSeenFrom',
    ],
    ['an empty page', 'page=', 'page'],
    ['a negative page', 'page=-1', 'page'],
    ['a page past the last one allowed', 'page=100001', 'page'],
    ['two pages', 'page=1&page=2', 'page'],
    ['a fractional page size', 'pageSize=2.5', 'pageSize'],
    ['an endless page size', 'pageSize=Infinity', 'pageSize'],
    ['a page size as an object', 'pageSize[$gt]=1', 'pageSize'],
  ])('refuses %s with a 400 naming the field, and changes no contact', async (_l, query, field) => {
    const before = await rowsOf('contact');
    const refused = await admin('get', `/contacts?${query}`).expect(400);
    expect(refused.body.error.message).toContain(field);
    expect(await rowsOf('contact')).toEqual(before);
  });
});

describe(`experiment designs and transitions (${client})`, () => {
  const baseOf = async (slug: string) =>
    (await app.strapi.db.query('api::page.page').findOne({ where: { slug } })).documentId as string;
  let home: string;
  let homeLimousine: string;
  const arms = () => [
    { key: 'control', documentId: null, weight: 0.5 },
    { key: 'limousine', documentId: homeLimousine, weight: 0.5 },
  ];
  const experiments = () => rowsOf('experiment');

  beforeAll(async () => {
    home = await baseOf('home');
    homeLimousine = await baseOf('home-limousine');
  });

  it.each([
    ['no name', () => ({ baseUid: 'api::page.page', baseDocumentId: home })],
    ['a blank name', () => ({ name: '   ', baseUid: 'api::page.page', baseDocumentId: home })],
    [
      'a base type of no content type',
      () => ({ name: 'X', baseUid: 'api::nope.nope', baseDocumentId: 'x' }),
    ],
    [
      'a base entry of no page',
      () => ({ name: 'X', baseUid: 'api::page.page', baseDocumentId: 'missing' }),
    ],
    [
      'a holdout over one half',
      () => ({ name: 'X', baseUid: 'api::page.page', baseDocumentId: home, holdout: 0.6 }),
    ],
    [
      'a coverage as text',
      () => ({ name: 'X', baseUid: 'api::page.page', baseDocumentId: home, coverage: '1' }),
    ],
    [
      'a minimum sample of 0',
      () => ({ name: 'X', baseUid: 'api::page.page', baseDocumentId: home, minimumSample: 0 }),
    ],
    [
      'duplicate variant keys',
      () => ({
        name: 'X',
        baseUid: 'api::page.page',
        baseDocumentId: home,
        variants: [
          { key: 'b', documentId: null, weight: 0.5 },
          { key: 'b', documentId: homeLimousine, weight: 0.5 },
        ],
      }),
    ],
    [
      'a state',
      () => ({ name: 'X', baseUid: 'api::page.page', baseDocumentId: home, state: 'running' }),
    ],
    ['a list for a body', () => [{ name: 'X' }]],
  ])('refuses a create with %s: 400, no experiment stored', async (_label, body) => {
    const before = await experiments();
    const refused = await admin('post', '/experiments').send(body()).expect(400);
    expect(refused.body.error.message).toEqual(expect.any(String));
    expect(await experiments()).toEqual(before);
  });

  describe('a draft', () => {
    let draft: string;

    beforeAll(async () => {
      draft = (
        await admin('post', '/experiments')
          .send({ name: 'Refusals draft', baseUid: 'api::page.page', baseDocumentId: home })
          .expect(201)
      ).body.data.documentId;
    });

    it.each([
      ['a blank name', { name: '' }],
      ['another base type', { baseUid: 'api::nope.nope' }],
      ['a weight over 1', { variants: [{ key: 'control', documentId: null, weight: 1.5 }] }],
      ['a variant without a weight', { variants: [{ key: 'control', documentId: null }] }],
      [
        'a variant key in capitals',
        { variants: [{ key: 'Control', documentId: null, weight: 1 }] },
      ],
      ['a goal that is no text', { successGoals: [7] }],
      ['a state', { state: 'running' }],
      ['a minimum sample of a fraction', { minimumSample: 1.5 }],
    ])('refuses an update with %s: 400, the draft unchanged', async (_label, body) => {
      const before = await experiments();
      await admin('put', `/experiments/${draft}`).send(body).expect(400);
      expect(await experiments()).toEqual(before);
    });

    it('refuses to start while incomplete and to stop what never ran: the draft unchanged', async () => {
      const before = await experiments();
      await admin('post', `/experiments/${draft}/start`).expect(400);
      await admin('post', `/experiments/${draft}/stop`).expect(409);
      expect(await experiments()).toEqual(before);
    });

    it('refuses to start or edit the design once running, and to stop twice', async () => {
      await admin('put', `/experiments/${draft}`)
        .send({ variants: arms(), successGoals: ['brochure-download'] })
        .expect(200);
      await admin('post', `/experiments/${draft}/start`).expect(200);
      const running = await experiments();
      await admin('post', `/experiments/${draft}/start`).expect(409);
      await admin('put', `/experiments/${draft}`).send({ holdout: 0.2 }).expect(409);
      await admin('put', `/experiments/${draft}`)
        .send({ baseDocumentId: homeLimousine })
        .expect(409);
      expect(await experiments()).toEqual(running);

      await admin('post', `/experiments/${draft}/stop`).expect(200);
      const stopped = await experiments();
      await admin('post', `/experiments/${draft}/stop`).expect(409);
      expect(await experiments()).toEqual(stopped);
    });
  });
});

/** What a refused visitor request could have changed: rows and the rollups' counts. */
const counts = async () => {
  const [contacts, visits, interactions, rollups] = await Promise.all(
    ['contact', 'visit', 'interaction', 'rollup'].map((name) => rowsOf(name))
  );
  return { contacts: contacts.length, visits: visits.length, interactions, rollups };
};

/** Runs `refuse` (a refused visitor request and its checks), then checks that it left the rows and rollups as they were. */
async function changingNothing(refuse: () => Promise<void>) {
  await flush();
  const before = await counts();
  await refuse();
  await flush();
  expect(await counts()).toEqual(before);
}

describe(`event posts without a visitor id (${client})`, () => {
  it.each([
    ['no body', undefined],
    ['no events', {}],
    ['an empty batch', { events: [] }],
    ['events that are no list', { events: { type: 'goal', goal: 'like-share' } }],
    ['51 events', { events: Array(51).fill({ type: 'goal', goal: 'like-share' }) }],
    ['another field', { events: [{ type: 'goal', goal: 'like-share' }], visitorId: 'x' }],
    ['a list for a body', [{ type: 'goal', goal: 'like-share' }]],
  ])('refuse %s with a 400: no cookie, no row, rollups as before', async (_label, body) => {
    await changingNothing(async () => {
      const post = request(app.server).post('/api/cxm/events');
      const refused = await (body === undefined ? post : post.send(body as object)).expect(400);
      expect(refused.body.error.message).toBe('Invalid event batch');
      expect(cookieOf(refused)).toBeUndefined();
      expect(refused.headers['x-cxm-visitor']).toBeUndefined();
    });
  });

  it('refuse a body that is no JSON with a 400 and store nothing', async () => {
    await changingNothing(async () => {
      const refused = await request(app.server)
        .post('/api/cxm/events')
        .set('Content-Type', 'application/json')
        .send('{"events": [')
        .expect(400);
      expect(cookieOf(refused)).toBeUndefined();
    });
  });
});

describe(`event batches with no event to keep (${client})`, () => {
  const unkeepable = [
    { type: 'goal', goal: 'no-such-goal' },
    { type: 'view', uid: 'api::page.page', documentId: 'missing' },
    { type: 'view', uid: 'api::nothing.nothing', documentId: 'missing' },
    { type: 'teleport' },
  ];
  const reasons = [
    "unknown goal 'no-such-goal'",
    "unknown document 'missing' of api::page.page",
    "unknown content type 'api::nothing.nothing'",
    expect.stringMatching(/^type: /),
  ];
  const post = (cookie?: string) => {
    const batch = request(app.server).post('/api/cxm/events');
    return (cookie ? batch.set('Cookie', cookie) : batch).send({ events: unkeepable }).expect(400);
  };
  const reasonsOf = (refused: request.Response) =>
    refused.body.error.details.events.map((event: { reason: string }) => event.reason);

  it('refuse one from a first-time visitor with a 400 naming each reason: no cookie, no row, rollups as before', async () => {
    await changingNothing(async () => {
      const refused = await post();
      expect(refused.body.error.message).toBe('No event of the batch can be kept');
      expect(reasonsOf(refused)).toEqual(reasons);
      expect(cookieOf(refused)).toBeUndefined();
    });
  });

  it('refuse one from a stored visitor with a 400 that changes nothing of theirs', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await getPage(app.server, 'home', { Cookie: cookie }).expect(200);
    await flush();
    const visitorId = cookie.slice('cxm_vid='.length).split('.')[0];
    const theirs = async () => ({
      contact: await rowsOf('contact', { visitorId }),
      visits: await rowsOf('visit', { contactId: visitorId }),
    });
    const theirsBefore = await theirs();
    expect(theirsBefore.contact).toHaveLength(1);
    await changingNothing(async () => {
      expect(reasonsOf(await post(cookie))).toEqual(reasons);
    });
    expect(await theirs()).toEqual(theirsBefore);
  });
});

describe(`identify calls (${client})`, () => {
  let apiToken: string;
  beforeAll(async () => {
    const created = await app.strapi
      .service('admin::api-token')
      .create({ name: 'refusals frontend server', type: 'full-access', lifespan: null } as any);
    apiToken = created.accessKey;
  });
  const identify = (visitorHeader: string, body: object) =>
    request(app.server)
      .post('/api/cxm/identify')
      .set('Authorization', `Bearer ${apiToken}`)
      .set('X-CXM-Visitor', visitorHeader)
      .send(body);

  it.each([
    ['a forged id', 'f0rged.signature'],
    ['an id without its signature', '3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b'],
  ])('refuse %s with a 400: no cookie, no row, rollups as before', async (_label, header) => {
    await changingNothing(async () => {
      const refused = await identify(header, { email: 'refused@example.com' }).expect(400);
      expect(refused.body.error.message).toMatch(/not a valid signed visitor id/);
      expect(cookieOf(refused)).toBeUndefined();
    });
  });

  it('refuse a bad payload of a known visitor with a 400 and change nothing', async () => {
    const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
    await getPage(app.server, 'home', { Cookie: cookie }).expect(200); // comes back: stored
    await changingNothing(async () => {
      const signed = decodeURIComponent(cookie.slice('cxm_vid='.length));
      const refused = await identify(signed, { email: 'not an address' }).expect(400);
      expect(refused.body.error.message).toBe('Invalid identify payload');
    });
  });
});

describe(`consent from a first-time visitor (${client})`, () => {
  it.each([
    ['no consent', {}],
    ['an unknown consent', { consent: 'everything' }],
    ['another field', { consent: 'analytics', visitorId: 'x' }],
  ])('refuse %s with a 400: no cookie, no row, rollups as before', async (_label, body) => {
    await changingNothing(async () => {
      const refused = await request(app.server).post('/api/cxm/consent').send(body).expect(400);
      expect(cookieOf(refused)).toBeUndefined();
    });
  });

  it('take a refusal without storing or counting anything of the visitor', async () => {
    await changingNothing(async () => {
      const refusal = await request(app.server)
        .post('/api/cxm/consent')
        .send({ consent: 'none' })
        .expect(200);
      expect(refusal.body.data).toEqual({ consent: 'none', tracked: false });
      expect(([] as string[]).concat(refusal.headers['set-cookie'] ?? []).join('\n')).toMatch(
        /cxm_vid_consent=none/
      );
    });
  });
});
