/**
 * Marketing automation over the real HTTP API, with a real SMTP server in the test process:
 * the scenario's service e-mail 14 days after a test-drive booking, skips without consent,
 * retries of a failing mail server, every kind of step, campaign links, unsubscribe, and
 * flows refused with a 400 that names the problem. Time is injected into the scheduler's tick.
 *
 * Visitor events reach automation from the visitor actions (a goal sent to `POST /events`
 * enrols); where a test needs an event at another time than now, it reports it to
 * `automations.onVisitorEvent` itself, as the visitor actions do.
 */
import http from 'node:http';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { adminToken, cookieOf, editorToken, getPage } from '../helpers/http';

const DAY = 86_400_000;
const PUBLIC_URL = 'http://cxm.test';
/** the frontend the seeded automations' e-mail links lead to: the seed's default DEMO_SITE_URL */
const SITE = 'http://localhost:3000';

let app: TestApp;
let smtp: TestSmtp;
let token: string;
let apiToken: string;

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startApp({
    SMTP_PORT: String(smtp.port),
    CXM_AUTOMATION_SCHEDULER: 'false',
    CXM_PUBLIC_URL: PUBLIC_URL,
    CXM_AUTOMATION_SEND_CONCURRENCY: '1',
  });
  token = await adminToken(app.server);
  apiToken = (
    await app.strapi
      .service('admin::api-token')
      .create({ name: 'frontend server', type: 'full-access', lifespan: null } as any)
  ).accessKey;
});

afterAll(async () => {
  await app?.stop();
  await smtp?.stop();
});

const service = <T = any>(name: string): T => app.strapi.plugin('cxm').service(name) as T;
const admin = (method: 'get' | 'post' | 'put' | 'delete', path: string, bearer = token) =>
  request(app.server)[method](`/cxm${path}`).set('Authorization', `Bearer ${bearer}`);
const tick = (now: number) => service('automation-scheduler').tick(now);
const signedIdOf = (cookie: string) => cookie.slice('cxm_vid='.length);
const visitorIdOf = (cookie: string) => signedIdOf(cookie).split('.')[0];

/** A new visitor, identified by the frontend's server (API token) with these attributes. */
async function identifiedVisitor(email: string, attributes: Record<string, unknown>) {
  const cookie = cookieOf(await getPage(app.server, 'home').expect(200))!;
  await request(app.server)
    .post('/api/cxm/identify')
    .set('X-CXM-Visitor', signedIdOf(cookie))
    .set('Authorization', `Bearer ${apiToken}`)
    .send({ email, attributes })
    .expect(200);
  await service('tracking').flush();
  return { cookie, visitorId: visitorIdOf(cookie) };
}

/** An event of this visitor at the time `now`, as the visitor actions report it. */
function reportEvent(visitorId: string, event: Record<string, unknown>, now = Date.now()) {
  return service('automations').onVisitorEvent(
    event,
    { contactId: visitorId, read: () => undefined },
    now
  );
}

const stepLogs = (where: Record<string, unknown>) =>
  app.strapi.db.query('plugin::cxm.step-log').findMany({ where, orderBy: { id: 'asc' } });

async function createAutomation(body: Record<string, unknown>) {
  const created = await admin('post', '/automations').send(body).expect(201);
  return created.body.data.documentId as string;
}

async function activeAutomation(body: Record<string, unknown>) {
  const id = await createAutomation(body);
  const activated = await admin('post', `/automations/${id}/activate`);
  expect(activated.body.error?.message).toBeUndefined();
  return id;
}

/** A header of a received message as sent (mailparser turns List-* headers into an object). */
const headerOf = (mail: import('mailparser').ParsedMail, name: string) =>
  mail.headerLines
    .find((header) => header.key === name.toLowerCase())
    ?.line.slice(name.length + 1)
    .trim();

const manualEmail = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  trigger: { type: 'manual' },
  reentry: 'every-time',
  flow: {
    start: 'mail',
    steps: [
      {
        id: 'mail',
        type: 'email',
        subject: 'Hello {{firstName|there}}',
        text: 'Your offer: {{link:https://cars.example/offer}}',
        ...extra,
      },
    ],
  },
});

describe('the scenario: service e-mail 14 days after the test-drive booking', () => {
  let visitorId: string;
  let cookie: string;
  let automationId: string;
  let t0: number;
  let mail: import('mailparser').ParsedMail;

  it('is seeded as an active automation', async () => {
    const list = (await admin('get', '/automations').expect(200)).body.data;
    const seeded = list.find(
      (automation: any) => automation.name === 'Service e-mail after a test drive'
    );
    expect(seeded).toMatchObject({
      state: 'active',
      version: 1,
      trigger: { type: 'goal', goal: 'test-drive-booking' },
    });
    automationId = seeded.documentId;
    const detail = (await admin('get', `/automations/${automationId}`).expect(200)).body.data;
    expect(detail.problems).toEqual([]);
  });

  it('enrols Mr Müller when he books the test drive', async () => {
    ({ cookie, visitorId } = await identifiedVisitor('mueller@example.com', {
      firstName: 'Max',
      lastName: 'Müller',
      emailConsent: true,
    }));
    const booking = await request(app.server)
      .post('/api/cxm/events')
      .set('Cookie', cookie)
      .send({ events: [{ type: 'goal', goal: 'test-drive-booking' }] })
      .expect(200);
    expect(booking.body.data.events[0]).toMatchObject({ status: 'accepted', counted: true });
    t0 = Date.now();
    // an unrelated goal enrols nobody
    await request(app.server)
      .post('/api/cxm/events')
      .set('Cookie', cookie)
      .send({ events: [{ type: 'goal', goal: 'like-share' }] })
      .expect(200);
    await service('automations').flushEnrolments();
    const enrollments = (await admin('get', `/contacts/${visitorId}/enrollments`).expect(200)).body
      .data.results;
    expect(enrollments).toEqual([
      expect.objectContaining({
        automationId,
        version: 1,
        state: 'active',
        currentStep: 'wait-14-days',
      }),
    ]);
  });

  it('sends nothing at once, nothing 13 days later', async () => {
    await tick(t0);
    await tick(t0 + 13 * DAY);
    expect(smtp.attempts).toBe(0);
    const stats = (await admin('get', `/automations/${automationId}/stats`).expect(200)).body.data;
    expect(stats).toMatchObject({ enrolled: 1, active: 1, waitingPerStep: { 'wait-14-days': 1 } });
  });

  it('delivers exactly one message 14 days later, with the right tokens', async () => {
    const result = await tick(t0 + 14 * DAY + 60_000);
    expect(result.emails).toBe(1);
    await smtp.waitFor(1);
    await tick(t0 + 15 * DAY);
    await tick(t0 + 30 * DAY);
    expect(smtp.attempts).toBe(1);
    mail = smtp.messages[0];
    expect((mail.to as any).text).toBe('mueller@example.com');
    expect(mail.subject).toBe('Max, everything for your new car');
    expect(mail.text).toContain('Hello Max,');
    expect(mail.text).toContain('Customers recruit customers');
    expect(mail.html).toContain('<p>Hello Max,</p>');
    expect(headerOf(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(headerOf(mail, 'List-Unsubscribe')).toMatch(
      /^<http:\/\/cxm\.test\/api\/cxm\/unsubscribe\/[A-Za-z0-9_-]{24}>$/
    );
    // the tracked link is an opaque id: no visitor id anywhere in the message
    expect(mail.text).toMatch(/http:\/\/cxm\.test\/api\/cxm\/r\/[A-Za-z0-9_-]{24}\n/);
    expect(JSON.stringify([mail.text, mail.html, mail.headerLines])).not.toContain(visitorId);

    const stats = (await admin('get', `/automations/${automationId}/stats`).expect(200)).body.data;
    expect(stats).toMatchObject({
      enrolled: 1,
      completed: 1,
      active: 0,
      emails: { sent: 1, failed: 0, unknown: 0 },
      passedPerStep: { 'service-mail': 1 },
    });
    const timeline = await app.strapi.db
      .query('plugin::cxm.interaction')
      .findMany({ where: { contactId: visitorId, type: 'email' } });
    expect(timeline).toHaveLength(1);
  });

  it('resolves its tracked link to Mr Müller and the service-mail campaign, counting the click', async () => {
    const tokenOf = (text: string) => text.match(/\/api\/cxm\/r\/([A-Za-z0-9_-]{24})/)![1];
    const linkToken = tokenOf(mail.text!);
    expect(tokenOf(mail.html as string)).toBe(linkToken);
    const links = service('tracked-links');
    const now = t0 + 14 * DAY + 120_000;
    expect(await links.resolve(linkToken, now)).toEqual({
      url: `${SITE}/accessories`,
      campaign: 'service-mail',
      contactId: visitorId,
      purpose: 'redirect',
    });
    expect((await links.findByToken(linkToken)).clicks).toBe(1);
    expect(JSON.stringify(await links.findByToken(linkToken))).not.toContain('"url":null');
    // expired 90 days after the e-mail was sent; unknown ids and unsubscribe ids do not redirect
    expect(await links.resolve(linkToken, now + 89 * DAY)).not.toBeNull();
    expect(await links.resolve(linkToken, now + 90 * DAY)).toBeNull();
    expect(await links.resolve('x'.repeat(24), now)).toBeNull();
    const unsubscribeToken = headerOf(mail, 'List-Unsubscribe')!.slice(-25, -1);
    expect(await links.resolve(unsubscribeToken, now)).toBeNull();
  });

  it('brings Mr Müller back identified on a new device, the visit credited to the service e-mail', async () => {
    const token = mail.text!.match(/\/api\/cxm\/r\/([A-Za-z0-9_-]{24})/)![1];
    const tablet =
      'Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
    const click = await request(app.server)
      .get(`/api/cxm/r/${token}`)
      .set('User-Agent', tablet)
      .expect(302);
    expect(click.headers.location).toBe(`${SITE}/accessories`);
    const context = (
      await request(app.server)
        .get('/api/cxm/context')
        .set('Cookie', cookieOf(click)!)
        .set('User-Agent', tablet)
        .expect(200)
    ).body.data;
    expect(context).toMatchObject({
      identified: true,
      visit: { campaign: 'service-mail', channel: 'email', device: 'tablet', returning: true },
    });
  });

  it('unsubscribes with the one-click POST of the List-Unsubscribe link', async () => {
    const url = new URL(headerOf(mail, 'List-Unsubscribe')!.slice(1, -1));
    const form = await request(app.server).get(url.pathname).expect(200);
    expect(form.text).toContain('<form method="post">');
    // showing the form unsubscribes nobody (mail scanners follow links)
    const before = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId } });
    expect(before.attributes.emailConsent).toBe(true);
    await request(app.server)
      .post(url.pathname)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    const after = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId } });
    expect(after.attributes).toMatchObject({ firstName: 'Max', emailConsent: false });
    await request(app.server).post('/api/cxm/unsubscribe/not-a-known-link-id-0000').expect(404);
  });

  it('enrols a contact once only (re-entry policy "once")', async () => {
    reportEvent(visitorId, { type: 'goal', goal: 'test-drive-booking' }, t0 + 40 * DAY);
    await service('automations').flushEnrolments();
    const enrolled = (await admin('get', `/automations/${automationId}/enrollments`).expect(200))
      .body.data;
    expect(enrolled.pagination.total).toBe(1);
  });

  it('forgets the contact on erasure: enrollments, step logs and the links sent to it', async () => {
    const erased = await service('automations').eraseContacts([visitorId]);
    expect(erased).toBe(1 + 2 + 2); // the enrollment; two step logs; the tracked and the unsubscribe link
    const left = async (uid: string) =>
      app.strapi.db.query(uid as any).count({ where: { contactId: visitorId } });
    expect(await left('plugin::cxm.enrollment')).toBe(0);
    expect(await left('plugin::cxm.step-log')).toBe(0);
    expect(await left('plugin::cxm.tracked-link')).toBe(0);
  });
});

describe('consent and addresses', () => {
  it('skips a contact without e-mail consent, in the step log and the contact timeline', async () => {
    const before = smtp.attempts;
    const id = await activeAutomation(manualEmail('No consent, no mail'));
    const { visitorId } = await identifiedVisitor('no-consent@example.com', { firstName: 'Nina' });
    const enrolled = await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'no-consent@example.com' })
      .expect(201);
    expect(enrolled.body.data).toEqual({ enrolled: true, contactId: visitorId });
    await tick(Date.now());
    expect(smtp.attempts).toBe(before);
    const [log] = await stepLogs({ automationId: id });
    expect(log).toMatchObject({
      step: 'mail',
      status: 'skipped',
      outcome: { skipped: 'no consent to e-mail' },
    });
    const timeline = await app.strapi.db
      .query('plugin::cxm.interaction')
      .findMany({ where: { contactId: visitorId, type: 'automation' } });
    expect(timeline.map((row: any) => row.data)).toEqual([
      expect.objectContaining({ action: 'email', step: 'mail', skipped: 'no consent to e-mail' }),
    ]);
    const stats = (await admin('get', `/automations/${id}/stats`).expect(200)).body.data;
    expect(stats).toMatchObject({ completed: 1, emails: { sent: 0, skipped: 1 } });
  });

  it('refuses to enrol an unknown contact or into a draft', async () => {
    const draft = await createAutomation(manualEmail('Still a draft'));
    await admin('post', `/automations/${draft}/enrollments`)
      .send({ email: 'no-consent@example.com' })
      .expect(400);
    const id = await activeAutomation(manualEmail('Unknown contact'));
    await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'nobody@example.com' })
      .expect(404);
    await admin('post', `/automations/${id}/enrollments`).send({}).expect(400);
  });
});

describe('contact changes of a flow and of the website at once', () => {
  it('adds up: what the visitor does next does not write over the points and attribute a flow gave', async () => {
    const id = await activeAutomation({
      name: 'Points and a segment',
      trigger: { type: 'manual' },
      reentry: 'every-time',
      flow: {
        start: 'points',
        steps: [
          { id: 'points', type: 'points', points: 7, next: 'tag' },
          { id: 'tag', type: 'attribute', name: 'segment', value: 'vip' },
        ],
      },
    });
    // the visitor's contact is in this instance's cache, as it is while the visitor browses
    const { cookie, visitorId } = await identifiedVisitor('both@example.com', { firstName: 'Bo' });
    await admin('post', `/automations/${id}/enrollments`).send({ visitorId }).expect(201);
    await tick(Date.now());
    await request(app.server)
      .post('/api/cxm/events')
      .set('Cookie', cookie)
      .send({ events: [{ type: 'goal', goal: 'product-video' }] })
      .expect(200);
    await service('tracking').flush();
    const contact = await app.strapi.db
      .query('plugin::cxm.contact')
      .findOne({ where: { visitorId } });
    expect(contact.engagementValue).toBe(7 + 10); // the flow's 7, the video's 10
    expect(contact.attributes).toMatchObject({ firstName: 'Bo', segment: 'vip' });
  });
});

describe('skipping a wait (trying a flow without waiting days)', () => {
  it('runs the wait out at the next tick, once, and refuses what is not waiting', async () => {
    const before = smtp.attempts;
    const delivered = smtp.messages.length;
    const id = await activeAutomation({
      name: 'Wait, then mail',
      trigger: { type: 'manual' },
      reentry: 'every-time',
      flow: {
        start: 'wait',
        steps: [
          { id: 'wait', type: 'wait', duration: { days: 14 }, next: 'mail' },
          { id: 'mail', type: 'email', subject: 'Two weeks later', text: 'Hello {{firstName}}' },
        ],
      },
    });
    await identifiedVisitor('patient@example.com', { firstName: 'Paula', emailConsent: true });
    await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'patient@example.com' })
      .expect(201);
    await tick(Date.now());
    const [waiting] = (await admin('get', `/automations/${id}/enrollments`).expect(200)).body.data
      .results;
    expect(waiting).toMatchObject({ state: 'active', currentStep: 'wait' });
    expect(waiting.nextRunAt).toBeGreaterThan(Date.now() + 13 * DAY);
    expect(smtp.attempts).toBe(before);

    const skip = () =>
      admin('post', `/automations/${id}/enrollments/${waiting.documentId}/skip-wait`);
    const skipped = await skip().expect(200);
    expect(skipped.body.data).toMatchObject({ currentStep: 'wait' });
    // due now, but not run before the next tick: skipping again is refused
    expect((await skip().expect(400)).body.error.message).toMatch(/due already/);
    const result = await tick(Date.now());
    expect(result.emails).toBe(1);
    await smtp.waitFor(delivered + 1);
    expect(smtp.messages.at(-1)!.subject).toBe('Two weeks later');
    const [done] = (await admin('get', `/automations/${id}/enrollments`).expect(200)).body.data
      .results;
    expect(done.state).toBe('completed');
    expect(done.history).toContainEqual(
      expect.objectContaining({ step: 'wait', result: 'wait skipped' })
    );
    await tick(Date.now() + 30 * DAY);
    expect(smtp.attempts).toBe(before + 1);

    expect((await skip().expect(400)).body.error.message).toMatch(
      /active enrolment at a wait step/
    );
    await admin('post', `/automations/${id}/enrollments/no-such-enrolment/skip-wait`).expect(404);
  });
});

describe('a failing mail server', () => {
  let sender: { visitorId: string };

  beforeAll(async () => {
    sender = await identifiedVisitor('retry@example.com', {
      firstName: 'Rita',
      emailConsent: true,
    });
  });

  afterEach(() => {
    smtp.reject = null;
  });

  it('is retried with backoff after 451, delivered once, and never sent again after success', async () => {
    const id = await activeAutomation(manualEmail('Retry on 451'));
    const attemptsBefore = smtp.attempts;
    const messagesBefore = smtp.messages.length;
    let refusals = 0;
    smtp.reject = () => (refusals++ < 2 ? { code: 451, message: 'Try again later' } : null);
    await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'retry@example.com' })
      .expect(201);
    const start = Date.now();
    await tick(start);
    let [log] = await stepLogs({ automationId: id });
    expect(log).toMatchObject({ status: 'retry', attempts: 1 });
    expect(log.error).toMatch(/451/);
    // not before the backoff is over
    await tick(start + 1000);
    expect(smtp.attempts - attemptsBefore).toBe(1);
    await tick(start + 3_600_000);
    await tick(start + 2 * 3_600_000);
    [log] = await stepLogs({ automationId: id });
    expect(log).toMatchObject({ status: 'sent', attempts: 3 });
    for (let hours = 3; hours < 8; hours++) await tick(start + hours * 3_600_000);
    expect(smtp.attempts - attemptsBefore).toBe(3);
    expect(smtp.messages.length - messagesBefore).toBe(1);
    const enrollments = (await admin('get', `/automations/${id}/enrollments`).expect(200)).body.data
      .results;
    expect(enrollments[0]).toMatchObject({ state: 'completed', contactId: sender.visitorId });
  });

  it('fails visibly on 550 without retrying', async () => {
    const id = await activeAutomation(manualEmail('Refused with 550'));
    const attemptsBefore = smtp.attempts;
    smtp.reject = () => ({ code: 550, message: 'No such user here' });
    await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'retry@example.com' })
      .expect(201);
    const start = Date.now();
    for (let hours = 0; hours < 5; hours++) await tick(start + hours * 3_600_000);
    expect(smtp.attempts - attemptsBefore).toBe(1);
    const [log] = await stepLogs({ automationId: id });
    expect(log).toMatchObject({ status: 'failed', attempts: 1 });
    const enrollment = (await admin('get', `/automations/${id}/enrollments`).expect(200)).body.data
      .results[0];
    expect(enrollment).toMatchObject({ state: 'failed' });
    expect(enrollment.lastError).toMatch(/550/);
    const stats = (await admin('get', `/automations/${id}/stats`).expect(200)).body.data;
    expect(stats).toMatchObject({ failed: 1, emails: { sent: 0, failed: 1 } });
  });

  it('gives up after the configured attempts when the server keeps answering 451', async () => {
    const id = await activeAutomation(manualEmail('Always 451'));
    smtp.reject = () => ({ code: 451, message: 'Try again later' });
    await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'retry@example.com' })
      .expect(201);
    const start = Date.now();
    for (let day = 0; day < 12; day++) await tick(start + day * DAY);
    const [log] = await stepLogs({ automationId: id });
    expect(log).toMatchObject({ status: 'failed', attempts: 5 });
    const enrollment = (await admin('get', `/automations/${id}/enrollments`).expect(200)).body.data
      .results[0];
    expect(enrollment.state).toBe('failed');
  });
});

describe('every kind of step', () => {
  it('adds points, sets an attribute, branches, splits, calls a signed webhook and waits for a condition', async () => {
    const received: Array<{ body: string; headers: http.IncomingHttpHeaders }> = [];
    const hook = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        // the first call fails: it is retried
        res.statusCode = received.length === 1 ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', () => resolve()));
    const port = (hook.address() as import('node:net').AddressInfo).port;
    try {
      const id = await activeAutomation({
        name: 'Every step',
        trigger: { type: 'manual' },
        reentry: 'every-time',
        flow: {
          start: 'points',
          steps: [
            { id: 'points', type: 'points', goal: 'brochure-download', points: 5, next: 'tag' },
            { id: 'tag', type: 'attribute', name: 'segment', value: 'nurture', next: 'valuable' },
            {
              id: 'valuable',
              type: 'condition',
              condition: { 'engagement.value': { $gte: 25 } },
              yes: 'split',
              no: 'leave',
            },
            {
              id: 'split',
              type: 'split',
              branches: [
                { weight: 0.5, next: 'hook' },
                { weight: 0.5, next: 'hook' },
              ],
            },
            {
              id: 'hook',
              type: 'webhook',
              url: `http://127.0.0.1:${port}/crm`,
              body: { list: 'nurture' },
              next: 'until-video',
            },
            {
              id: 'until-video',
              type: 'wait-until',
              condition: { 'goals.ever': { $contains: 'product-video' } },
              timeout: { days: 3 },
              checkEvery: { hours: 12 },
              next: 'leave',
              onTimeout: null,
            },
            { id: 'leave', type: 'exit' },
          ],
        },
      });
      const { visitorId } = await identifiedVisitor('steps@example.com', { firstName: 'Sam' });
      await admin('post', `/automations/${id}/enrollments`).send({ visitorId }).expect(201);
      const start = Date.now();
      await tick(start);
      const contact = await app.strapi.db
        .query('plugin::cxm.contact')
        .findOne({ where: { visitorId } });
      // the brochure goal's 20 points and 5 more
      expect(contact.engagementValue).toBe(25);
      expect(contact.goals['brochure-download']).toMatchObject({ count: 1 });
      expect(contact.attributes).toMatchObject({ firstName: 'Sam', segment: 'nurture' });
      expect(received).toHaveLength(1);
      await tick(start + 2 * 3_600_000);
      expect(received).toHaveLength(2);
      // same body, same idempotency key; the signature is an HMAC of timestamp and body
      expect(received[1].body).toBe(received[0].body);
      expect(received[1].headers['x-cxm-idempotency-key']).toBe(
        received[0].headers['x-cxm-idempotency-key']
      );
      const [, timestamp, signature] = String(received[1].headers['x-cxm-signature']).match(
        /^t=(\d+),v1=([0-9a-f]{64})$/
      )!;
      const secret = createHmac('sha256', service('settings').get().secret)
        .update('cxm automation webhooks')
        .digest('base64url');
      expect(
        createHmac('sha256', secret).update(`${timestamp}.${received[1].body}`).digest('hex')
      ).toBe(signature);
      expect(JSON.parse(received[1].body)).toMatchObject({
        automation: id,
        step: 'hook',
        contact: { email: 'steps@example.com' },
        data: { list: 'nurture' },
      });
      let [enrollment] = (await admin('get', `/automations/${id}/enrollments`).expect(200)).body
        .data.results;
      expect(enrollment).toMatchObject({ state: 'active', currentStep: 'until-video' });
      // the condition is checked every 12 hours until the timeout ends the path
      await tick(start + 3 * 3_600_000);
      await tick(start + 4 * DAY);
      [enrollment] = (
        await admin('get', `/automations/${id}/enrollments`).expect(200)
      ).body.data.results;
      expect(enrollment.state).toBe('completed');
      expect(enrollment.history.map((entry: any) => `${entry.step}:${entry.result}`)).toEqual([
        'points:done',
        'tag:done',
        'valuable:yes',
        expect.stringMatching(/^split:branch [01]$/),
        'hook:sent',
        'until-video:timeout',
      ]);
      expect(received).toHaveLength(2);
      const logs = (await stepLogs({ automationId: id })).sort(
        (a: any, b: any) => a.rotation - b.rotation
      );
      expect(logs.map((log: any) => `${log.step}:${log.status}`)).toEqual([
        'points:done',
        'tag:done',
        'valuable:done',
        'split:done',
        'hook:sent',
        'until-video:done',
      ]);
    } finally {
      await new Promise((resolve) => hook.close(resolve));
    }
  });

  it('keeps a running enrollment on the flow version it started on', async () => {
    const flow = (subject: string) => ({
      start: 'wait',
      steps: [
        { id: 'wait', type: 'wait', duration: { days: 1 }, next: 'mail' },
        { id: 'mail', type: 'email', subject, text: 'Hi {{firstName}}' },
      ],
    });
    const body = { name: 'Versioned', trigger: { type: 'manual' }, reentry: 'every-time' };
    const id = await activeAutomation({ ...body, flow: flow('Version one') });
    await identifiedVisitor('versions@example.com', { firstName: 'Vera', emailConsent: true });
    await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'versions@example.com' })
      .expect(201);
    const start = Date.now();
    await tick(start);
    const updated = await admin('put', `/automations/${id}`)
      .send({ ...body, flow: flow('Version two') })
      .expect(200);
    expect(updated.body.data).toMatchObject({ state: 'active', version: 2 });
    // a broken flow is refused before anything is saved: version 2 keeps running
    const broken = await admin('put', `/automations/${id}`)
      .send({ ...body, flow: { start: 'gone', steps: flow('x').steps } })
      .expect(400);
    expect(broken.body.error.message).toMatch(/the start step 'gone' does not exist/);
    expect((await admin('get', `/automations/${id}`).expect(200)).body.data.flow.start).toBe(
      'wait'
    );
    await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'versions@example.com' })
      .expect(201);
    const before = smtp.messages.length;
    await tick(start + 2 * DAY);
    await smtp.waitFor(before + 2);
    const subjects = smtp.messages
      .slice(before)
      .map((message) => message.subject)
      .sort();
    expect(subjects).toEqual(['Version one', 'Version two']);
  });
});

describe('pause and archive', () => {
  it('holds running enrollments while paused, resumes them where they stopped, exits them when archived', async () => {
    const id = await activeAutomation({
      name: 'Pausable',
      trigger: { type: 'manual' },
      reentry: 'every-time',
      flow: {
        start: 'wait',
        steps: [
          { id: 'wait', type: 'wait', duration: { hours: 1 }, next: 'mail' },
          { id: 'mail', type: 'email', subject: 'After the pause', text: 'Hi {{firstName}}' },
        ],
      },
    });
    await identifiedVisitor('pause@example.com', { firstName: 'Paula', emailConsent: true });
    await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'pause@example.com' })
      .expect(201);
    const start = Date.now();
    await tick(start);
    await admin('post', `/automations/${id}/pause`).expect(200);
    await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'pause@example.com' })
      .expect(400);
    const before = smtp.attempts;
    await tick(start + 2 * 3_600_000);
    expect(smtp.attempts).toBe(before);
    expect((await admin('get', `/automations/${id}/stats`).expect(200)).body.data).toMatchObject({
      paused: 1,
      active: 0,
    });
    await admin('post', `/automations/${id}/activate`).expect(200);
    const delivered = smtp.messages.length;
    await tick(start + 3 * 3_600_000);
    await smtp.waitFor(delivered + 1);
    expect(smtp.messages[smtp.messages.length - 1].subject).toBe('After the pause');
    await admin('post', `/automations/${id}/enrollments`)
      .send({ email: 'pause@example.com' })
      .expect(201);
    await admin('post', `/automations/${id}/archive`).expect(200);
    expect((await admin('get', `/automations/${id}/stats`).expect(200)).body.data).toMatchObject({
      completed: 1,
      exited: 1,
      active: 0,
    });
    await admin('post', `/automations/${id}/activate`).expect(400);
  });
});

describe('inactivity', () => {
  it('enrols the contacts whose last visit is N days past, found by the scheduler', async () => {
    const { visitorId } = await identifiedVisitor('idle@example.com', { firstName: 'Ida' });
    const id = await activeAutomation({
      name: 'Win back',
      trigger: { type: 'inactivity', days: 30 },
      flow: {
        start: 'flag',
        steps: [{ id: 'flag', type: 'attribute', name: 'winBack', value: true }],
      },
    });
    const start = Date.now();
    // the first scan only marks where it starts: contacts who become inactive from now on
    await tick(start);
    expect((await admin('get', `/automations/${id}/stats`).expect(200)).body.data.enrolled).toBe(0);
    await tick(start + 29 * DAY);
    const contactRow = () =>
      app.strapi.db.query('plugin::cxm.contact').findOne({ where: { visitorId } });
    expect((await contactRow()).attributes.winBack).toBeUndefined();
    await tick(start + 31 * DAY);
    await tick(start + 31 * DAY + 60_000);
    expect((await contactRow()).attributes).toMatchObject({ firstName: 'Ida', winBack: true });
    const enrollments = (await admin('get', `/contacts/${visitorId}/enrollments`).expect(200)).body
      .data.results;
    expect(enrollments.filter((entry: any) => entry.automationId === id)).toEqual([
      expect.objectContaining({ state: 'completed' }),
    ]);
    // once: a later scan does not enrol the contact again
    await tick(start + 70 * DAY);
    const again = (await admin('get', `/contacts/${visitorId}/enrollments`).expect(200)).body.data
      .results;
    expect(again.filter((entry: any) => entry.automationId === id)).toHaveLength(1);
    await admin('post', `/automations/${id}/archive`).expect(200);
  });
});

describe('a tick with nothing due', () => {
  it('takes no lease: an idle site writes nothing on its ticks', async () => {
    const claimLease = async () =>
      (await app.strapi.db
        .query('plugin::cxm.lease')
        .findOne({ where: { name: 'automation-claim' }, select: ['fencing'] })) ?? null;
    // the scenario's automation is active, so every tick looks for due enrollments
    expect(service('automations').activeIds().length).toBeGreaterThan(0);
    const now = Date.now();
    await tick(now); // runs what is due now
    const before = await claimLease();
    // a millisecond later, again: nothing new is due
    await tick(now + 1);
    await tick(now + 2);
    expect(await claimLease()).toEqual(before);
  });
});

describe('campaign links', () => {
  it('are created, listed, resolved and revoked through the admin API', async () => {
    const created = await admin('post', '/tracked-links')
      .send({ url: `${SITE}/hybrid`, campaign: 'poster-qr', label: 'Poster, spring' })
      .expect(201);
    const link = created.body.data;
    expect(link.link).toBe(`${PUBLIC_URL}/api/cxm/r/${link.token}`);
    expect(link).toMatchObject({ contactId: null, campaign: 'poster-qr', clicks: 0 });
    const links = service('tracked-links');
    expect(await links.resolve(link.token, Date.now())).toMatchObject({
      url: `${SITE}/hybrid`,
      campaign: 'poster-qr',
      contactId: null,
    });
    const listed = (await admin('get', '/tracked-links').expect(200)).body.data;
    expect(listed.find((entry: any) => entry.token === link.token)).toMatchObject({ clicks: 1 });
    await admin('post', `/tracked-links/${link.documentId}/revoke`).expect(200);
    expect(await links.resolve(link.token, Date.now())).toBeNull();
    await admin('post', '/tracked-links').send({ url: 'javascript:alert(1)' }).expect(400);
    const unknown = await admin('post', '/tracked-links')
      .send({ url: `${SITE}/x`, campaign: 'no-such-campaign' })
      .expect(400);
    expect(unknown.body.error.message).toMatch(/unknown campaign 'no-such-campaign'/);
  });
});

describe('bad flows and templates', () => {
  const flowWith = (steps: unknown[], start = 'a') => ({
    name: 'Bad',
    trigger: { type: 'manual' },
    flow: { start, steps },
  });

  const refusedActivation = async (body: Record<string, unknown>) => {
    const id = await createAutomation(body);
    const detail = (await admin('get', `/automations/${id}`).expect(200)).body.data;
    const refused = await admin('post', `/automations/${id}/activate`).expect(400);
    expect(refused.body.error.details.errors).toEqual(detail.problems);
    const after = (await admin('get', `/automations/${id}`).expect(200)).body.data;
    expect(after).toMatchObject({ state: 'draft', version: 0 });
    return refused.body.error.message as string;
  };

  it('refuses malformed input on save with a 400 naming the field', async () => {
    const unknownType = await admin('post', '/automations')
      .send(flowWith([{ id: 'a', type: 'teleport' }]))
      .expect(400);
    expect(unknownType.body.error.message).toMatch(/^Invalid automation: flow\.steps\.0\.type/);
    const badId = await admin('post', '/automations')
      .send(flowWith([{ id: 'a b', type: 'exit' }]))
      .expect(400);
    expect(badId.body.error.message).toMatch(/flow\.steps\.0\.id: step ids are/);
    await admin('post', '/automations')
      .send({ ...flowWith([{ id: 'a', type: 'exit' }]), reentry: 'once-per-days' })
      .expect(400);
  });

  it('refuses to activate a loop without a wait', async () => {
    const message = await refusedActivation(
      flowWith([
        {
          id: 'a',
          type: 'condition',
          condition: { 'visit.returning': { $eq: true } },
          yes: 'b',
          no: null,
        },
        { id: 'b', type: 'points', points: 1, next: 'a' },
      ])
    );
    expect(message).toMatch(/the loop a → b → a has no wait/);
  });

  it('refuses an edge to a missing step, an unreachable step and a path that never ends', async () => {
    expect(
      await refusedActivation(
        flowWith([{ id: 'a', type: 'wait', duration: { days: 1 }, next: 'z' }])
      )
    ).toMatch(/flow\.steps\.0\.next: step 'a' leads to 'z', which does not exist/);
    expect(
      await refusedActivation(
        flowWith([
          { id: 'a', type: 'exit' },
          { id: 'b', type: 'exit' },
        ])
      )
    ).toMatch(/step 'b' is never reached/);
    expect(
      await refusedActivation(
        flowWith([
          { id: 'a', type: 'wait', duration: { days: 1 }, next: 'b' },
          { id: 'b', type: 'wait', duration: { days: 1 }, next: 'a' },
        ])
      )
    ).toMatch(/no path from step 'a' ever ends/);
  });

  it('refuses unknown template tokens, bad links, conditions and definitions', async () => {
    expect(
      await refusedActivation(
        flowWith([{ id: 'a', type: 'email', subject: 'Hi {{firstname}}', text: 'x' }])
      )
    ).toMatch(/flow\.steps\.0\.subject: unknown token \{\{firstname\}\}/);
    expect(
      await refusedActivation(
        flowWith([{ id: 'a', type: 'email', subject: 'Hi', text: 'See {{link:ftp://x}}' }])
      )
    ).toMatch(/flow\.steps\.0\.text: \{\{link:ftp:\/\/x\}\}: a link needs an http\(s\) URL/);
    expect(
      await refusedActivation(
        flowWith([{ id: 'a', type: 'condition', condition: { 'geo.contry': { $eq: 'DE' } } }])
      )
    ).toMatch(/flow\.steps\.0\.condition.*unknown context path 'geo\.contry'/);
    expect(
      await refusedActivation({
        ...flowWith([{ id: 'a', type: 'exit' }]),
        trigger: { type: 'goal', goal: 'no-such-goal' },
      })
    ).toMatch(/trigger\.goal: unknown goal 'no-such-goal'/);
    expect(await refusedActivation(flowWith([{ id: 'a', type: 'points', goal: 'nope' }]))).toMatch(
      /unknown goal 'nope'/
    );
  });

  it('checks a flow without saving it', async () => {
    const checked = await admin('post', '/automations/validate')
      .send({
        trigger: { type: 'manual' },
        flow: { start: 'x', steps: [{ id: 'a', type: 'exit' }] },
      })
      .expect(200);
    expect(checked.body.data.problems).toEqual([
      { path: 'flow.start', message: "the start step 'x' does not exist" },
    ]);
  });

  it('needs the automations permission', async () => {
    const editor = await editorToken(app.strapi, app.server);
    await admin('get', '/automations', editor).expect(403);
    await admin('post', '/automations', editor)
      .send(flowWith([{ id: 'a', type: 'exit' }]))
      .expect(403);
  });
});
