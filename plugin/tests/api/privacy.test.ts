/**
 * Privacy, self-service: `GET /api/cxm/me` hands visitors everything stored about them as JSON,
 * `DELETE /api/cxm/me` erases it and removes the cookie; retention deletes anonymous contacts
 * not seen for N days and raw interactions older than M months, both set in config and on the
 * Settings page. Rollups keep their anonymous counts throughout.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf, FAMILY_FATHER_READS, getPage, readPages } from '../helpers/http';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

const visitorIdOf = (cookie: string) => cookie.split('=')[1].split('.')[0];
const rowsOf = async (visitorId: string) => ({
  contacts: await app.strapi.db.query('plugin::cxm.contact').count({ where: { visitorId } }),
  visits: await app.strapi.db.query('plugin::cxm.visit').count({ where: { contactId: visitorId } }),
  interactions: await app.strapi.db
    .query('plugin::cxm.interaction')
    .count({ where: { contactId: visitorId } }),
});
const rollupVisits = async () =>
  (await app.strapi.db.query('plugin::cxm.rollup').findMany({})).reduce(
    (sum: number, row: { visits: number }) => sum + row.visits,
    0
  );

async function familyFather() {
  const first = await request(app.server).get('/api/cxm/context').expect(200);
  const cookie = cookieOf(first)!;
  await readPages(app.server, cookie, FAMILY_FATHER_READS);
  await request(app.server)
    .post('/api/cxm/events')
    .set('Cookie', cookie)
    .send({ events: [{ type: 'goal', goal: 'brochure-download' }] })
    .expect(200);
  return cookie;
}

describe('GET /api/cxm/me', () => {
  it('exports the contact, its visits and interactions, without row ids', async () => {
    const cookie = await familyFather();
    const response = await request(app.server).get('/api/cxm/me').set('Cookie', cookie).expect(200);
    expect(response.headers['content-type']).toMatch(/json/);
    expect(response.headers['cache-control']).toMatch(/private/);
    const { data } = response.body;
    expect(data.contact).toMatchObject({
      visitorId: visitorIdOf(cookie),
      identified: false,
      engagementValue: expect.any(Number),
      profiles: expect.any(Object),
    });
    expect(data.contact.personas).toMatchObject({
      'vehicle-interest': { persona: 'family-father' },
    });
    expect(data.mergedContacts).toEqual([]);
    expect(data.visits).toHaveLength(1);
    expect(data.visits[0]).toMatchObject({ contactId: visitorIdOf(cookie), pageCount: 3 });
    const types = data.interactions.map((row: { type: string }) => row.type);
    expect(types.filter((type: string) => type === 'view')).toHaveLength(3);
    expect(types).toEqual(expect.arrayContaining(['visit', 'goal', 'persona']));
    for (const row of [data.contact, ...data.visits, ...data.interactions]) {
      expect(row).not.toHaveProperty('id');
      expect(row).not.toHaveProperty('documentId');
    }
  });

  it('exports the automations the visitor is enrolled in', async () => {
    const cookie = await familyFather();
    await request(app.server)
      .post('/api/cxm/events')
      .set('Cookie', cookie)
      .send({ events: [{ type: 'goal', goal: 'test-drive-booking' }] })
      .expect(200);
    await app.strapi.plugin('cxm').service('automations').flushEnrolments();
    const { data } = (
      await request(app.server).get('/api/cxm/me').set('Cookie', cookie).expect(200)
    ).body;
    expect(data.enrollments).toEqual([
      expect.objectContaining({ contactId: visitorIdOf(cookie), currentStep: 'wait-14-days' }),
    ]);
    expect(data.enrollments[0]).not.toHaveProperty('id');
  });

  it('is a 404 without a visitor id, and stores nothing for it', async () => {
    const response = await request(app.server).get('/api/cxm/me').expect(404);
    expect(response.body.error.message).toMatch(/visitor id/);
  });
});

describe('DELETE /api/cxm/me', () => {
  it('erases the visitor, removes the cookie, and rollups keep their counts', async () => {
    const cookie = await familyFather();
    await app.strapi.plugin('cxm').service('tracking').flush();
    const visitorId = visitorIdOf(cookie);
    expect((await rowsOf(visitorId)).interactions).toBeGreaterThan(0);
    const visitsCounted = await rollupVisits();

    const response = await request(app.server)
      .delete('/api/cxm/me')
      .set('Cookie', cookie)
      .expect(200);
    expect(response.body.data.erased).toMatchObject({ contacts: 1, visits: 1 });
    expect(response.body.data.erased.interactions).toBeGreaterThan(4);
    const cleared = ([] as string[])
      .concat(response.headers['set-cookie'] ?? [])
      .find((line) => line.startsWith('cxm_vid='));
    expect(cleared).toMatch(/^cxm_vid=;.*expires=Thu, 01 Jan 1970/);

    await app.strapi.plugin('cxm').service('tracking').flush();
    expect(await rowsOf(visitorId)).toEqual({ contacts: 0, visits: 0, interactions: 0 });
    expect(await rollupVisits()).toBe(visitsCounted);

    // the old cookie, sent again, is someone new: nothing of the erased profile comes back
    const again = await request(app.server).get('/api/cxm/me').set('Cookie', cookie).expect(200);
    expect(again.body.data.contact).toMatchObject({ visitCount: 1, engagementValue: 0 });
    expect(again.body.data.contact.personas).toEqual({});
  });

  it('writes nothing more of the erased contact that a read in flight still held', async () => {
    const cookie = await familyFather();
    await app.strapi.plugin('cxm').service('tracking').flush();
    const visitorId = visitorIdOf(cookie);
    // the next page read waits in its query, its visitor resolved, until the erasure is done
    let releaseRead!: () => void;
    const erasureDone = new Promise<void>((resolve) => (releaseRead = resolve));
    let readHeld!: () => void;
    const readPaused = new Promise<void>((resolve) => (readHeld = resolve));
    let gated = false;
    // a Document Service middleware: it runs outside the transaction the read then opens
    const removeGate = app.strapi.documents.use(async (context, next) => {
      if (!gated && context.uid === 'api::page.page' && context.action === 'findMany') {
        gated = true;
        readHeld();
        await erasureDone;
      }
      return next();
    }) as unknown as () => void;
    try {
      // then() sends it now; awaited once the erasure is done
      const inFlight = getPage(app.server, 'limousine', { Cookie: cookie }).then((r) => r);
      await readPaused;
      const erasing = Date.now();
      await request(app.server).delete('/api/cxm/me').set('Cookie', cookie).expect(200);
      releaseRead();
      expect((await inFlight).status).toBe(200); // served from the profile it had resolved, then scored on it

      // the old cookie is someone new: one read of a tagged page is all there is of it
      await getPage(app.server, 'limousine', { Cookie: cookie }).expect(200);
      await app.strapi.plugin('cxm').service('tracking').flush();
      const contacts = await app.strapi.db
        .query('plugin::cxm.contact')
        .findMany({ where: { visitorId } });
      expect(contacts).toHaveLength(1);
      expect(new Date(contacts[0].firstSeenAt).getTime()).toBeGreaterThanOrEqual(erasing);
      expect(contacts[0]).toMatchObject({ visitCount: 1, engagementValue: 0 });
      expect(contacts[0].profiles['vehicle-interest'].views).toBe(1);
      const logged = await app.strapi.db
        .query('plugin::cxm.interaction')
        .findMany({ where: { contactId: visitorId } });
      expect(logged.filter((row: { type: string }) => row.type === 'view')).toHaveLength(1);
      for (const row of logged)
        expect(new Date(row.occurredAt).getTime()).toBeGreaterThanOrEqual(erasing);
    } finally {
      releaseRead();
      removeGate();
    }
  });

  it('without a visitor id erases nothing', async () => {
    const response = await request(app.server).delete('/api/cxm/me').expect(200);
    expect(response.body.data.erased).toEqual({ contacts: 0, visits: 0, interactions: 0 });
  });
});

describe('retention', () => {
  const DAY = 86_400_000;
  const tracking = () => app.strapi.plugin('cxm').service('tracking');
  const retention = () => app.strapi.plugin('cxm').service('retention');
  /** Moves a visitor's last visit `days` into the past, as if it had not come back since. */
  const lastSeenDaysAgo = (cookie: string, days: number) =>
    app.strapi.db.query('plugin::cxm.contact').updateMany({
      where: { visitorId: visitorIdOf(cookie) },
      data: { lastSeenAt: new Date(Date.now() - days * DAY) },
    });

  it('deletes anonymous contacts not seen for 395 days and raw interactions older than the months kept', async () => {
    const gone = await familyFather();
    const recent = await familyFather();
    const known = await familyFather();
    const old = await familyFather();
    await request(app.server)
      .post('/api/cxm/identify')
      .set('X-CXM-Visitor', known.split('=')[1])
      .set(
        'Authorization',
        `Bearer ${
          (
            await app.strapi
              .service('admin::api-token')
              .create({ name: 'retention test', type: 'full-access', lifespan: null })
          ).accessKey
        }`
      )
      .send({ email: 'kept@example.com' })
      .expect(200);
    await tracking().flush();
    await lastSeenDaysAgo(gone, 400);
    await lastSeenDaysAgo(recent, 390);
    await lastSeenDaysAgo(known, 4000);
    // one goal of another visitor, 26 months ago
    const [goal] = await app.strapi.db
      .query('plugin::cxm.interaction')
      .findMany({ where: { contactId: visitorIdOf(old), type: 'goal' } });
    await app.strapi.db.query('plugin::cxm.interaction').update({
      where: { id: goal.id },
      data: { occurredAt: new Date(Date.now() - 26 * 31 * DAY) },
    });
    const visitsCounted = await rollupVisits();

    const result = await retention().apply();

    expect(await rowsOf(visitorIdOf(gone))).toEqual({ contacts: 0, visits: 0, interactions: 0 });
    expect((await rowsOf(visitorIdOf(recent))).contacts).toBe(1);
    expect((await rowsOf(visitorIdOf(known))).contacts).toBe(1); // identified: not anonymous
    const oldRows = await rowsOf(visitorIdOf(old));
    expect(oldRows.contacts).toBe(1);
    expect(
      await app.strapi.db.query('plugin::cxm.interaction').count({ where: { id: goal.id } })
    ).toBe(0);
    expect(oldRows.interactions).toBeGreaterThan(0); // only the old one went
    expect(result.contacts).toBeGreaterThanOrEqual(1);
    expect(result.interactions).toBeGreaterThan(5);
    expect(await rollupVisits()).toBe(visitsCounted);
  });

  it('runs on schedule only on the instance that holds the retention lease', async () => {
    const cookie = await familyFather();
    await tracking().flush();
    await lastSeenDaysAgo(cookie, 400);
    const leases = app.strapi.plugin('cxm').service('leases');
    const other = await leases.acquire('retention', 'another-instance', Date.now(), 60_000);
    expect(other).not.toBeNull();
    await retention().runScheduled();
    expect((await rowsOf(visitorIdOf(cookie))).contacts).toBe(1); // the other instance's turn
    await leases.release(other);
    await retention().runScheduled();
    expect((await rowsOf(visitorIdOf(cookie))).contacts).toBe(0);
    // and it gave the lease back
    expect(
      await leases.acquire('retention', 'another-instance', Date.now(), 60_000)
    ).not.toBeNull();
  });

  it('follows the Settings page: overridden days apply on the next run, 0 keeps everything', async () => {
    const token = await adminToken(app.server);
    const cookie = await familyFather();
    await tracking().flush();
    await lastSeenDaysAgo(cookie, 40);
    const settings = (body: object) =>
      request(app.server).put('/cxm/settings').set('Authorization', `Bearer ${token}`).send(body);
    const shown = await settings({ retentionAnonymousContactDays: 0 }).expect(200);
    expect(shown.body.data.options.retentionAnonymousContactDays).toEqual({
      value: 0,
      configured: 395,
      overridden: true,
    });
    expect(shown.body.data.options.retentionInteractionMonths).toMatchObject({ value: 25 });
    await retention().apply();
    expect((await rowsOf(visitorIdOf(cookie))).contacts).toBe(1);

    await settings({ retentionAnonymousContactDays: 30 }).expect(200);
    await retention().apply();
    expect((await rowsOf(visitorIdOf(cookie))).contacts).toBe(0);

    await settings({ retentionAnonymousContactDays: -1 }).expect(400);
    await settings({}).expect(200);
  });
});
