/**
 * Several instances, one truth: two instances of the example app (real processes) on one
 * database, serving one visitor alternately with no sticky sessions. Each keeps the contact in
 * its cache and writes it behind; the stored profile, visit and goal counts must still add up
 * over both, and an erasure on one instance must stop the visitor on the other too.
 * Meant for PostgreSQL (DATABASE_CLIENT=postgres); runs on the configured database.
 */
import { startChildApp, type ChildApp } from '../helpers/child-app';
import { createDatabase, type TestDatabase } from '../helpers/database';
import { appSecrets, uniqueName } from '../helpers/environment';

const client = process.env.DATABASE_CLIENT ?? 'sqlite';
const BOOT_TIMEOUT_MS = 120_000;
const READS = 20;
/** The definitions poll of the example app: what an instance learns of others, it learns within this. */
const POLL_MS = 2000;
/** How long a changed contact waits in the write buffer (the example app's default). */
const STATE_WRITE_DELAY_MS = 5000;
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

let database: TestDatabase;
/** one deployment: the instances share the app's keys, so each verifies the other's cookies */
const secrets = appSecrets();
let one: ChildApp;
let two: ChildApp;

/** Two instances on the shared database; the second starts once the first has made the schema. */
async function startBoth() {
  one = await startChildApp({ client, database, env: secrets });
  two = await startChildApp({ client, database, env: secrets });
}

/** Both instances flush what they hold (SIGTERM), then the database is read. */
async function stopBoth() {
  await Promise.all([one.stop(), two.stop()]);
}

beforeAll(async () => {
  database = await createDatabase(client, uniqueName('cxm_instances'));
});

beforeEach(startBoth, 2 * BOOT_TIMEOUT_MS);

afterEach(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
});

afterAll(async () => {
  await database?.drop();
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function get(app: ChildApp, path: string, cookie?: string) {
  const response = await app.request(path, {
    headers: { 'User-Agent': USER_AGENT, ...(cookie ? { Cookie: cookie } : {}) },
  });
  expect(response.status).toBe(200);
  return response;
}

const page = (slug: string) => `/api/pages?filters[slug][$eq]=${slug}`;

async function newVisitor(app: ChildApp, path: string) {
  const response = await get(app, path);
  const cookie = response.headers
    .getSetCookie()
    .find((line) => line.startsWith('cxm_vid='))!
    .split(';')[0];
  return { cookie, visitorId: cookie.slice('cxm_vid='.length).split('.')[0] };
}

const rows = <T>(sql: string) => database.query<T>(sql);
const profileOf = async (visitorId: string) => {
  const [contact] = await rows<{
    profiles: unknown;
    visit_count: number;
    engagement_value: number;
  }>(
    `SELECT profiles, visit_count, engagement_value FROM cxm_contacts WHERE visitor_id = '${visitorId}'`
  );
  const profiles =
    typeof contact.profiles === 'string' ? JSON.parse(contact.profiles) : contact.profiles;
  return { ...contact, interest: profiles['vehicle-interest'] };
};
const countOf = async (sql: string) => Number((await rows<{ n: number | string }>(sql))[0].n);

describe(`two instances on one ${client} database`, () => {
  it(
    'stores every one of 20 tagged reads served alternately, in the profile and in the visits',
    async () => {
      const { cookie, visitorId } = await newVisitor(one, page('limousine'));
      for (let read = 1; read < READS; read++) {
        await get(read % 2 === 0 ? one : two, page('limousine'), cookie);
        // halfway, both write what they hold: afterwards each cached copy is behind the row
        if (read === READS / 2) await delay(STATE_WRITE_DELAY_MS + 1500);
      }
      // a goal on each instance: both count, in the contact's value and goal history
      for (const [app, slug] of [
        [two, 'brochure-download'],
        [one, 'product-video'],
      ] as const) {
        const goal = await app.request(`/api/cxm/events`, {
          method: 'POST',
          headers: { 'User-Agent': USER_AGENT, Cookie: cookie, 'Content-Type': 'application/json' },
          body: JSON.stringify({ events: [{ type: 'goal', goal: slug }] }),
        });
        expect(goal.status).toBe(200);
      }
      await stopBoth();

      const contact = await profileOf(visitorId);
      expect(contact.interest.views).toBe(READS);
      const pages = await countOf(
        `SELECT SUM(page_count) AS n FROM cxm_visits WHERE contact_id = '${visitorId}'`
      );
      expect(pages).toBe(READS);
      expect(
        await countOf(`SELECT COUNT(*) AS n FROM cxm_visits WHERE contact_id = '${visitorId}'`)
      ).toBe(Number(contact.visit_count));
      expect(
        await countOf(
          `SELECT COUNT(*) AS n FROM cxm_interactions WHERE contact_id = '${visitorId}' AND type = 'view'`
        )
      ).toBe(READS);
      expect(Number(contact.engagement_value)).toBe(20 + 10); // the seeded goals' points
    },
    4 * BOOT_TIMEOUT_MS
  );

  it(
    'stops serving and writing a visitor erased on the other instance',
    async () => {
      const { cookie, visitorId } = await newVisitor(one, page('limousine'));
      for (const [index, slug] of [
        'limousine',
        'leasing-offer',
        'limousine',
        'limousine',
        'leasing-offer',
      ].entries())
        await get(index % 2 === 0 ? two : one, page(slug), cookie);
      const erasing = Date.now();
      const erased = await one.request(`/api/cxm/me`, {
        method: 'DELETE',
        headers: { 'User-Agent': USER_AGENT, Cookie: cookie },
      });
      expect(erased.status).toBe(200);
      // The other instance, before and after it polled: whatever it serves to the old cookie from
      // now on is a new contact; nothing continues the erased profile, nothing is stored under it.
      await get(two, page('limousine'), cookie);
      await get(two, page('limousine'), cookie);
      await delay(POLL_MS + 1000);
      const after = (await (await get(two, '/api/cxm/context', cookie)).json()) as {
        data: { personas: unknown[]; visit: { number: number } };
      };
      expect(after.data.personas).toEqual([]);
      expect(after.data.visit.number).toBe(1);
      for (let read = 0; read < 3; read++) await get(two, page('compact'), cookie);
      await stopBoth();

      const [contact] = await rows<{
        profiles: unknown;
        visit_count: number;
        first_seen_at: Date | string | number;
      }>(
        `SELECT profiles, visit_count, first_seen_at FROM cxm_contacts WHERE visitor_id = '${visitorId}'`
      );
      expect(new Date(contact.first_seen_at).getTime()).toBeGreaterThanOrEqual(erasing);
      expect(Number(contact.visit_count)).toBe(1);
      const profiles =
        typeof contact.profiles === 'string' ? JSON.parse(contact.profiles) : contact.profiles;
      const views = profiles['vehicle-interest'].views;
      // the three reads of the compact page, and those of the two limousine reads that came after
      // the other instance learned of the erasure (from then on, the old cookie is someone new)
      expect(views).toBeGreaterThanOrEqual(3);
      expect(views).toBeLessThanOrEqual(5);
      const logged = await rows<{ type: string; occurred_at: Date | string | number }>(
        `SELECT type, occurred_at FROM cxm_interactions WHERE contact_id = '${visitorId}'`
      );
      expect(logged.filter((row) => row.type === 'view')).toHaveLength(views);
      for (const row of logged)
        expect(new Date(row.occurred_at).getTime()).toBeGreaterThanOrEqual(erasing);
    },
    4 * BOOT_TIMEOUT_MS
  );
});
