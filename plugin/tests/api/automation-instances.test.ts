/**
 * Two Strapi instances on one database work through 1,000 due enrollments at the same time:
 * one in this process (its tick called by the test), one as a child process (`strapi start`,
 * its node-cron tick every second). The claim lease and the claims on the rows split the work
 * between them, and every contact gets exactly one message (a real SMTP server in the test
 * process counts them). Meant for PostgreSQL and MariaDB (DATABASE_CLIENT); runs on SQLite too.
 */
import { randomUUID } from 'node:crypto';
import { startApp, type TestApp } from '../helpers/strapi';
import { startChildApp, type ChildApp } from '../helpers/child-app';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

const ENROLLMENTS = 1000;
const client = process.env.DATABASE_CLIENT ?? 'sqlite';
const env = (smtpPort: number) => ({
  SMTP_PORT: String(smtpPort),
  CXM_AUTOMATION_BATCH_SIZE: '50',
  CXM_PUBLIC_URL: 'http://cxm.test',
  CXM_AUTOMATION_CRON: '* * * * * *',
});

let app: TestApp;
let other: ChildApp;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startApp({ ...env(smtp.port), CXM_AUTOMATION_SCHEDULER: 'false' });
  // the same database, secrets and SMTP server
  other = await startChildApp({
    database: app.database,
    env: {
      ...app.instanceEnv,
      ...env(smtp.port),
      CXM_AUTOMATION_SCHEDULER: 'true',
      LOG_LEVEL: 'warn',
    },
  });
}, 120_000);

afterAll(async () => {
  await other?.stop();
  await app?.stop();
  await smtp?.stop();
});

const service = (name: string): any => app.strapi.plugin('cxm').service(name);

describe(`two instances on one database (${client})`, () => {
  it(`deliver exactly ${ENROLLMENTS} messages for ${ENROLLMENTS} due enrollments`, async () => {
    const now = Date.now();
    const contacts = Array.from({ length: ENROLLMENTS }, (_, index) => ({
      documentId: `contact${String(index).padStart(16, '0')}`,
      visitorId: randomUUID(),
      identified: true,
      email: `driver${index}@example.com`,
      consent: 'implied',
      attributes: { firstName: `Driver ${index}`, emailConsent: true },
      firstSeenAt: new Date(now),
      lastSeenAt: new Date(now),
      publishedAt: new Date(now),
    }));
    for (let start = 0; start < contacts.length; start += 250)
      await app.strapi.db
        .query('plugin::cxm.contact')
        .createMany({ data: contacts.slice(start, start + 250) });

    const automations = service('automations');
    const created = await automations.create({
      name: 'Spring service reminder',
      trigger: { type: 'manual' },
      reentry: 'once',
      flow: {
        start: 'mail',
        steps: [
          { id: 'mail', type: 'email', subject: 'Hello {{firstName}}', text: 'Spring service.' },
        ],
      },
    });
    await automations.activate(created.documentId);
    const started = Date.now();
    const enrolled = await automations.enrolMany(
      created.documentId,
      contacts.map((contact) => contact.visitorId),
      Date.now()
    );
    expect(enrolled).toBe(ENROLLMENTS);
    // this instance ticks every 20 ms, while the child's cron ticks every second; the pause
    // matters on SQLite, whose queries answer synchronously: ticks back to back would keep this
    // process's SMTP server from reading the child's messages
    let here = 0;
    while (smtp.messages.length < ENROLLMENTS && Date.now() - started < 60_000) {
      here += (await service('automation-scheduler').tick()).emails;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await smtp.waitFor(ENROLLMENTS, 30_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `two instances (${client}): ${ENROLLMENTS} e-mails in ${seconds.toFixed(1)} s; ` +
        `${here} sent by this instance, ${ENROLLMENTS - here} by the child process`
    );
    expect(other.output()).not.toMatch(/\berror\b/);
    // both took part: the lease serialises claims, not the work
    expect(here).toBeGreaterThan(0);
    expect(here).toBeLessThan(ENROLLMENTS);

    // a while later nothing more was sent
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await service('automation-scheduler').tick();
    expect(smtp.attempts).toBe(ENROLLMENTS);
    const recipients = smtp.messages.map((message) => (message.to as any).text);
    expect(new Set(recipients).size).toBe(ENROLLMENTS);
    const stats = await automations.stats(created.documentId);
    expect(stats).toMatchObject({
      enrolled: ENROLLMENTS,
      completed: ENROLLMENTS,
      emails: { sent: ENROLLMENTS, unknown: 0, failed: 0 },
    });
  }, 180_000);
});
