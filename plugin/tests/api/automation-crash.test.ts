/**
 * A worker killed with SIGKILL in the middle of a batch, and started again: no message is
 * sent twice and no enrollment is lost. The worker is the example app as a child process
 * (`strapi start`, its node-cron tick every second); this process only prepares the data
 * (through the plugin's services on an in-process instance whose scheduler is off) and runs
 * the SMTP server, which answers slowly so that the kill lands while sends are in flight.
 *
 * A send that was in flight when the process died has an intent row and no outcome: the
 * restarted worker cannot know whether the server accepted it and, by design, never sends it
 * again; it records the step as `unknown`. So: every contact got at most one message, every
 * enrollment ended, and each contact without a message is one of those few unknown steps.
 */
import { randomUUID } from 'node:crypto';
import { startApp, type TestApp } from '../helpers/strapi';
import { startChildApp, type ChildApp } from '../helpers/child-app';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

const ENROLLMENTS = 300;
const KILL_AFTER = 100;
const SEND_CONCURRENCY = 4;
const client = process.env.DATABASE_CLIENT ?? 'sqlite';

let app: TestApp;
let smtp: TestSmtp;
const workers: ChildApp[] = [];

const workerEnv = (smtpPort: number) => ({
  SMTP_PORT: String(smtpPort),
  CXM_AUTOMATION_SCHEDULER: 'true',
  CXM_AUTOMATION_CRON: '* * * * * *',
  CXM_AUTOMATION_BATCH_SIZE: '50',
  CXM_AUTOMATION_SEND_CONCURRENCY: String(SEND_CONCURRENCY),
  // a dead worker's claims are taken over after 3 s
  CXM_AUTOMATION_CLAIM_TIMEOUT_MS: '3000',
  CXM_PUBLIC_URL: 'http://cxm.test',
  LOG_LEVEL: 'warn',
});

beforeAll(async () => {
  smtp = await startSmtp({ delayMs: 20 });
  app = await startApp({ SMTP_PORT: String(smtp.port), CXM_AUTOMATION_SCHEDULER: 'false' });
}, 60_000);

afterAll(async () => {
  for (const worker of workers) {
    await worker.kill('SIGKILL');
    await worker.stop(); // its public folder
  }
  await app?.stop();
  await smtp?.stop();
});

const service = (name: string): any => app.strapi.plugin('cxm').service(name);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`a worker killed with SIGKILL mid-batch (${client})`, () => {
  it('resumes after a restart without a duplicate and without a loss', async () => {
    const now = Date.now();
    const contacts = Array.from({ length: ENROLLMENTS }, (_, index) => ({
      documentId: `crash${String(index).padStart(19, '0')}`,
      visitorId: randomUUID(),
      identified: true,
      email: `owner${index}@example.com`,
      consent: 'implied',
      attributes: { firstName: `Owner ${index}`, emailConsent: true },
      firstSeenAt: new Date(now),
      lastSeenAt: new Date(now),
      publishedAt: new Date(now),
    }));
    await app.strapi.db.query('plugin::cxm.contact').createMany({ data: contacts });
    const automations = service('automations');
    const { documentId: id } = await automations.create({
      name: 'Winter tyres',
      trigger: { type: 'manual' },
      reentry: 'once',
      flow: {
        start: 'mail',
        steps: [
          { id: 'mail', type: 'email', subject: 'Winter tyres', text: 'Hello {{firstName}}' },
        ],
      },
    });
    await automations.activate(id);
    expect(
      await automations.enrolMany(
        id,
        contacts.map((contact) => contact.visitorId),
        now
      )
    ).toBe(ENROLLMENTS);

    workers.push(
      await startChildApp({
        database: app.database,
        env: { ...app.instanceEnv, ...workerEnv(smtp.port) },
      })
    );
    await smtp.waitFor(KILL_AFTER, 60_000);
    await workers[0].kill('SIGKILL');
    const atKill = smtp.messages.length;
    expect(atKill).toBeLessThan(ENROLLMENTS); // it died mid-way

    workers.push(
      await startChildApp({
        database: app.database,
        env: { ...app.instanceEnv, ...workerEnv(smtp.port) },
      })
    );
    const deadline = Date.now() + 90_000;
    while ((await automations.stats(id)).active > 0 && Date.now() < deadline) await sleep(500);
    await sleep(1500); // a message accepted at the very end is parsed by now

    const stats = await automations.stats(id);
    const recipients = smtp.messages.map((message) => (message.to as any).text as string);
    const delivered = new Set(recipients);
    const unknown: any[] = await app.strapi.db
      .query('plugin::cxm.step-log')
      .findMany({ where: { automationId: id, status: 'unknown' } });
    const unknownContacts = new Set(unknown.map((log) => log.contactId));
    const missing = contacts.filter((contact) => !delivered.has(contact.email));
    console.log(
      `SIGKILL (${client}): ${atKill} messages before the kill, ${recipients.length} in all for ` +
        `${ENROLLMENTS} enrollments; ${stats.emails.sent} sent, ${stats.emails.unknown} unknown ` +
        `(${unknown.filter((log) => delivered.has(contacts.find((c) => c.visitorId === log.contactId)!.email)).length} of them delivered), ` +
        `${missing.length} contacts without a message`
    );

    // no duplicate
    expect(recipients.length).toBe(delivered.size);
    // every enrollment ended, every step has its outcome
    expect(stats).toMatchObject({ enrolled: ENROLLMENTS, completed: ENROLLMENTS, active: 0 });
    expect(stats.emails.sent + stats.emails.unknown).toBe(ENROLLMENTS);
    // at most the sends in flight at the kill are unknown; every contact without a message is one of them
    expect(stats.emails.unknown).toBeLessThanOrEqual(SEND_CONCURRENCY);
    for (const contact of missing) expect(unknownContacts.has(contact.visitorId)).toBe(true);
    // every recorded send was delivered
    const sent: any[] = await app.strapi.db
      .query('plugin::cxm.step-log')
      .findMany({ where: { automationId: id, status: 'sent' }, select: ['contactId'] });
    const emailOf = new Map(contacts.map((contact) => [contact.visitorId, contact.email]));
    for (const log of sent) expect(delivered.has(emailOf.get(log.contactId)!)).toBe(true);
  }, 180_000);
});
