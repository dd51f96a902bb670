/**
 * Privacy, self-service: `GET /api/cxm/me` hands visitors everything stored about them as JSON,
 * `DELETE /api/cxm/me` erases it and removes the cookie; rollups keep their anonymous counts.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { cookieOf, FAMILY_FATHER_READS, readPages } from '../helpers/http';

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

  it('without a visitor id erases nothing', async () => {
    const response = await request(app.server).delete('/api/cxm/me').expect(200);
    expect(response.body.data.erased).toEqual({ contacts: 0, visits: 0, interactions: 0 });
  });
});
