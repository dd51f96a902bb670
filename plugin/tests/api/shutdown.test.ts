/**
 * Durability of events: an acknowledged event is a stored event, whether Strapi is stopped with
 * SIGTERM or killed with SIGKILL.
 *
 * Contacts, visits and interactions are buffered in memory and written on an interval, when a
 * batch is full, and on shutdown (plugin destroy → tracking.stop() → flush); a batch of events
 * is answered only once it is committed (group commit). Here the example app runs as a real
 * child process (`strapi start`, the way a process manager runs it) with a flush interval of
 * 60 s, so that the timer never writes during the test. Batches of view and goal events are sent
 * on several lanes at once, each lane sending its next batch as soon as the previous one is
 * answered, as clients keep doing while a server goes down; the signal arrives once a first wave
 * has been answered. After the process has exited, the database must hold exactly one
 * interaction for every event the server answered as accepted (and, for a goal, as counted), and
 * the contact of every answered batch.
 *
 * Every batch comes from a visitor of its own, so the rows of a visitor are those of its one
 * batch: exact for every answered batch, at most the batch for one whose answer was lost.
 * Runs on SQLite, and on PostgreSQL / MariaDB when DATABASE_CLIENT says so (scripts/test.sh).
 */
import http from 'node:http';
import { startChildApp, type ChildApp } from '../helpers/child-app';

const client = process.env.DATABASE_CLIENT ?? 'sqlite';

/**
 * One visitor (one cookie) per batch. Visitors, their visits and every interaction stay below
 * the write buffer's maxBatchSize (500), so nothing is written before the shutdown flush.
 */
const VISITORS = 40;
/**
 * Even batches: views of the limousine page (each accepted view writes one `view` row; the
 * controller reads the page from the database first). Odd batches: the seeded goals, none
 * repeatable, each counted once in a visitor's first visit (one `goal` row; no database read).
 */
const GOALS = [
  'webinar-sign-up',
  'brochure-download',
  'product-video',
  'newsletter-sign-up',
  'like-share',
];
const EVENTS_PER_BATCH = GOALS.length;
/** Batches in flight at once; each lane sends its next batch when the previous one is answered. */
const LANES = 10;
/** The signal goes out once this many batches were answered; a lane's worth is still in flight. */
const SIGNAL_AFTER = LANES;
const BOOT_TIMEOUT_MS = 90_000;
const EXIT_TIMEOUT_MS = 20_000;
/** A browser, so that the visitor middleware tracks the requests (bots are not tracked). */
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

let app: ChildApp;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** A plain HTTP request on its own connection; rejects on a reset or after `timeoutMs`. */
function send(
  method: string,
  pathname: string,
  headers: Record<string, string> = {},
  body?: unknown,
  timeoutMs = 20_000
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: app.port,
        method,
        path: pathname,
        agent: false,
        headers: {
          'User-Agent': USER_AGENT,
          ...(payload
            ? {
                'Content-Type': 'application/json',
                'Content-Length': String(Buffer.byteLength(payload)),
              }
            : {}),
          ...headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON; keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      }
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${pathname} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const pagePath = (slug: string) =>
  `/api/pages?${encodeURIComponent('filters[slug][$eq]')}=${encodeURIComponent(slug)}`;
const cookieOf = (reply: Reply) =>
  ([] as string[])
    .concat(reply.headers['set-cookie'] ?? [])
    .find((cookie) => cookie.startsWith('cxm_vid='))
    ?.split(';')[0];
/** The cookie is `cxm_vid=<visitor id>.<signature>`; interactions store the visitor id. */
const visitorIdOf = (cookie: string) => cookie.slice('cxm_vid='.length).split('.')[0];

/** How the process ended, or null when it had not within `timeoutMs`. */
function waitForExit(timeoutMs: number) {
  return Promise.race([
    app.exited,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref()),
  ]);
}

describe.each(['SIGTERM', 'SIGKILL'] as const)(
  `%s (strapi start as a child process, ${client})`,
  (signal) => {
    beforeAll(async () => {
      app = await startChildApp({
        client,
        env: {
          // info: the shutdown messages of Strapi are asserted below
          LOG_LEVEL: 'info',
          // the timer never fires during the test: only the shutdown flush can write the events
          CXM_FLUSH_INTERVAL_MS: '60000',
        },
      });
    }, BOOT_TIMEOUT_MS + 10_000);

    afterAll(async () => {
      await app?.stop();
    });

    it(`has stored every event it acknowledged when it ends on ${signal}`, async () => {
      // The limousine page, read untracked (Global Privacy Control): no visitor, no view.
      const limousineReply = await send('GET', pagePath('limousine'), { 'Sec-GPC': '1' });
      expect(limousineReply.status).toBe(200);
      expect(cookieOf(limousineReply)).toBeUndefined();
      const limousine: string = limousineReply.body.data[0].documentId;

      // One new visitor per batch (the home page is not tagged, so its view is counted in the visit, not logged).
      const cookies: string[] = [];
      for (let i = 0; i < VISITORS; i++) {
        const reply = await send('GET', pagePath('home'));
        expect(reply.status).toBe(200);
        const cookie = cookieOf(reply);
        expect(cookie).toMatch(/^cxm_vid=[0-9a-f-]{36}\./);
        cookies.push(cookie!);
      }
      const home: string = (await send('GET', pagePath('home'), { 'Sec-GPC': '1' })).body.data[0]
        .documentId;
      const visitors = cookies.map(visitorIdOf);
      expect(new Set(visitors).size).toBe(VISITORS);

      // The burst: lanes of batches, each answered with its count of accepted events.
      const views = Array.from({ length: EVENTS_PER_BATCH }, () => ({
        type: 'view',
        uid: 'api::page.page',
        documentId: limousine,
      }));
      const goals = GOALS.map((goal) => ({ type: 'goal', goal }));
      const kindOf = (index: number) => (index % 2 === 0 ? 'view' : 'goal');
      /** per visitor: the events of its batch that the server answered as accepted (goals: and counted) */
      const acceptedBy = new Map<string, number>();
      const failedBy = new Map<string, string>();
      let next = 0;
      let answered = 0;
      let down = false;
      let signalled: () => void = () => undefined;
      const firstWaveAnswered = new Promise<void>((resolve) => (signalled = resolve));
      async function lane() {
        while (!down && next < VISITORS) {
          const index = next++;
          const kind = kindOf(index);
          try {
            const reply = await send(
              'POST',
              '/api/cxm/events',
              { Cookie: cookies[index] },
              { events: kind === 'view' ? views : goals }
            );
            const data = reply.body?.data;
            if (reply.status === 200 && typeof data?.accepted === 'number') {
              const writes =
                kind === 'view'
                  ? data.accepted
                  : data.events.filter((event: { counted?: boolean }) => event.counted).length;
              acceptedBy.set(visitors[index], writes);
            } else {
              failedBy.set(visitors[index], `HTTP ${reply.status}`);
            }
          } catch (error) {
            // the server went down under this request: not accepted (it may still have queued some)
            failedBy.set(visitors[index], (error as Error).message);
            down = true;
          }
          if (++answered === SIGNAL_AFTER) signalled();
        }
      }
      const burst = Array.from({ length: LANES }, lane);
      await firstWaveAnswered;

      // What was acknowledged so far is in the database already (the timer has not written).
      const acknowledged = [...acceptedBy.values()].reduce((sum, writes) => sum + writes, 0);
      const beforeSignal = Number(
        (
          await app.database.query<{ n: number }>(
            `SELECT COUNT(*) AS n FROM cxm_interactions WHERE type IN ('view', 'goal')`
          )
        )[0].n
      );
      expect(acknowledged).toBeGreaterThan(0);
      expect(beforeSignal).toBeGreaterThanOrEqual(acknowledged);

      const exit = waitForExit(EXIT_TIMEOUT_MS);
      expect(app.child.kill(signal)).toBe(true);
      await Promise.all(burst);
      const status = await exit;
      expect(status).not.toBeNull(); // it exited in time
      if (signal === 'SIGTERM') {
        expect(status).toEqual({ code: 0, signal: null }); // Strapi's own SIGTERM handler: destroy, then exit
        expect(app.output()).toContain('Shutting down Strapi');
        expect(app.output()).toContain('Strapi has been shut down');
      } else {
        expect(status).toEqual({ code: null, signal: 'SIGKILL' }); // no shutdown at all
      }
      expect(app.output()).not.toMatch(/flush failed/);

      // Every batch sent is either answered (and counted) or failed; an answered batch is wholly accepted.
      expect(acceptedBy.size + failedBy.size).toBe(next);
      expect(acceptedBy.size).toBeGreaterThanOrEqual(SIGNAL_AFTER);
      for (const writes of acceptedBy.values()) expect(writes).toBe(EVENTS_PER_BATCH);

      const rows = (
        await app.database.query<{
          contact: string;
          type: string;
          document: string | null;
          goal: string | null;
          n: number | string;
        }>(
          `SELECT contact_id AS contact, type, content_document_id AS document, goal, COUNT(*) AS n
           FROM cxm_interactions WHERE type IN ('view', 'goal') GROUP BY contact_id, type, content_document_id, goal`
        )
      ).map((row) => ({ ...row, n: Number(row.n) }));
      /** the rows that a visitor's batch wrote: views of the limousine page, or goal rows */
      const written = (index: number) =>
        rows
          .filter((row) => row.contact === visitors[index])
          .filter((row) =>
            kindOf(index) === 'view'
              ? row.type === 'view' && row.document === limousine
              : row.type === 'goal'
          )
          .reduce((sum, row) => sum + row.n, 0);

      const tally = {
        view: { accepted: 0, written: 0, lost: 0, unanswered: 0 },
        goal: { accepted: 0, written: 0, lost: 0, unanswered: 0 },
      };
      for (let index = 0; index < VISITORS; index++) {
        const visitorId = visitors[index];
        const counts = tally[kindOf(index)];
        if (acceptedBy.has(visitorId)) {
          counts.accepted += acceptedBy.get(visitorId)!;
          counts.written += written(index);
          counts.lost += acceptedBy.get(visitorId)! - written(index);
        } else {
          counts.unanswered += written(index);
        }
      }
      const types = await app.database.query<{ type: string; n: number | string }>(
        `SELECT type, COUNT(*) AS n FROM cxm_interactions GROUP BY type`
      );
      console.log(
        `${signal} (${client}): ${next} of ${VISITORS} batches × ${EVENTS_PER_BATCH} events sent on ${LANES} lanes, ${signal} after ${SIGNAL_AFTER} answers; ` +
          `answered ${acceptedBy.size}: views ${tally.view.accepted} accepted / ${tally.view.written} written, ` +
          `goals ${tally.goal.accepted} accepted / ${tally.goal.written} written; ` +
          `failed ${failedBy.size} (${tally.view.unanswered + tally.goal.unanswered} rows written) [${[...new Set(failedBy.values())].join('; ')}]; ` +
          `interactions in the database: ${types.map((row) => `${row.type} ${row.n}`).join(', ')}`
      );

      // Exactly one row per accepted event of an answered batch; never more than was sent for a
      // batch whose answer was lost (the server may have queued it); nothing for a batch never sent.
      const wrong = visitors.flatMap((visitorId, index) => {
        const rowsWritten = written(index);
        const accepted = acceptedBy.get(visitorId);
        const ok =
          accepted !== undefined
            ? rowsWritten === accepted
            : failedBy.has(visitorId)
              ? rowsWritten <= EVENTS_PER_BATCH
              : rowsWritten === 0;
        return ok
          ? []
          : [
              {
                batch: index,
                kind: kindOf(index),
                answered: accepted !== undefined,
                accepted: accepted ?? null,
                written: rowsWritten,
              },
            ];
      });
      expect(wrong).toEqual([]);
      expect(tally.view.lost + tally.goal.lost).toBe(0);
      // no view of the (untagged) home page is logged, and nothing of anyone else
      expect(rows.filter((row) => row.type === 'view' && row.document === home)).toEqual([]);
      expect(
        rows.filter(
          (row) =>
            !visitors.includes(row.contact) || (row.type === 'view' && row.document !== limousine)
        )
      ).toEqual([]);
      // the contact of every answered batch is stored with it
      const contacts = new Set(
        (
          await app.database.query<{ visitor: string }>(
            `SELECT visitor_id AS visitor FROM cxm_contacts`
          )
        ).map((row) => row.visitor)
      );
      expect([...acceptedBy.keys()].filter((visitorId) => !contacts.has(visitorId))).toEqual([]);
    }, 60_000);
  }
);
