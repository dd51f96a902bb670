import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { personalizationOf } from '../middlewares/visitor';
import { eventBatchSchema, eventSchema, type VisitorEvent } from '../validation/events';
import type { Definitions } from '../services/definitions';
import { issuesOf } from '../validation/issues';
import { getService } from '../get-service';

/** Events one visitor may send per minute; more is a misbehaving client, not a person. */
const EVENTS_PER_MINUTE = 600;
/** How long a document known to exist is trusted without asking the database again. */
const EXISTING_DOCUMENT_TTL_MS = 30_000;
const EXISTING_DOCUMENT_MAX = 10_000;

interface EventOutcome {
  index: number;
  status: 'accepted' | 'rejected';
  reason?: string;
  /** for goals: whether the goal counted (a non-repeatable goal counts once per visit) */
  counted?: boolean;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const windows = new Map<string, { start: number; count: number }>();
  const existing = new Map<string, number>();

  /** The viewed documents that exist, with one query per content type for those not seen recently. */
  async function existingDocuments(events: VisitorEvent[], now: number): Promise<Set<string>> {
    const found = new Set<string>();
    const missing = new Map<string, Set<string>>();
    for (const event of events) {
      if (event.type !== 'view' || !strapi.contentType(event.uid as any)) continue;
      const key = `${event.uid}:${event.documentId}`;
      if ((existing.get(key) ?? 0) > now) found.add(key);
      else missing.set(event.uid, (missing.get(event.uid) ?? new Set()).add(event.documentId));
    }
    for (const [uid, ids] of missing) {
      const rows = (await strapi.db
        .query(uid as any)
        .findMany({ where: { documentId: { $in: [...ids] } }, select: ['documentId'] })) as Array<{
        documentId: string;
      }>;
      if (existing.size > EXISTING_DOCUMENT_MAX) existing.clear();
      for (const row of rows) {
        found.add(`${uid}:${row.documentId}`);
        existing.set(`${uid}:${row.documentId}`, now + EXISTING_DOCUMENT_TTL_MS);
      }
    }
    return found;
  }

  function withinRate(visitorId: string, events: number, now: number): boolean {
    const window = windows.get(visitorId);
    if (!window || now - window.start >= 60_000) {
      if (windows.size > 50_000) windows.clear(); // bounded memory; a reset window only ever allows more
      windows.set(visitorId, { start: now, count: events });
      return events <= EVENTS_PER_MINUTE;
    }
    window.count += events;
    return window.count <= EVENTS_PER_MINUTE;
  }

  async function handle(
    event: VisitorEvent,
    request: NonNullable<ReturnType<typeof personalizationOf>>,
    defs: Definitions,
    documents: Set<string>,
    now: number
  ) {
    const tracking = getService(strapi, 'tracking');
    if (event.type === 'goal') {
      if (!defs.goals.has(event.goal))
        return { status: 'rejected' as const, reason: `unknown goal '${event.goal}'` };
      return {
        status: 'accepted' as const,
        counted: tracking.reachGoal(request.visitor, event.goal, defs, now) as boolean,
      };
    }
    if (!strapi.contentType(event.uid as any))
      return { status: 'rejected' as const, reason: `unknown content type '${event.uid}'` };
    if (!documents.has(`${event.uid}:${event.documentId}`))
      return {
        status: 'rejected' as const,
        reason: `unknown document '${event.documentId}' of ${event.uid}`,
      };
    await tracking.recordView(request.visitor, event.uid, event.documentId, now);
    return { status: 'accepted' as const };
  }

  return {
    /** `POST /api/cxm/events`: a batch of up to 50 view / goal events from the frontend. */
    async create(ctx: Context) {
      const request = personalizationOf(ctx);
      if (!request)
        return ctx.forbidden('This visitor is not tracked (no consent, Do-Not-Track or a bot)');
      const batch = eventBatchSchema.safeParse(ctx.request.body);
      if (!batch.success) {
        return ctx.badRequest('Invalid event batch', {
          errors: issuesOf(batch.error),
        });
      }
      const now = Date.now();
      if (!withinRate(request.visitor.contact.visitorId, batch.data.events.length, now)) {
        return ctx.tooManyRequests(`At most ${EVENTS_PER_MINUTE} events per minute per visitor`);
      }
      const defs: Definitions = await getService(strapi, 'definitions').get();
      const parsed = batch.data.events.map((raw) => eventSchema.safeParse(raw));
      const documents = await existingDocuments(
        parsed.flatMap((result) => (result.success ? [result.data] : [])),
        now
      );
      const outcomes: EventOutcome[] = [];
      for (const [index, result] of parsed.entries()) {
        if (!result.success) {
          const issue = result.error.issues[0];
          outcomes.push({
            index,
            status: 'rejected',
            reason: `${issue.path.join('.') || 'event'}: ${issue.message}`,
          });
          continue;
        }
        outcomes.push({ index, ...(await handle(result.data, request, defs, documents, now)) });
      }
      request.personalized = true;
      ctx.body = {
        data: {
          accepted: outcomes.filter((outcome) => outcome.status === 'accepted').length,
          rejected: outcomes.filter((outcome) => outcome.status === 'rejected').length,
          events: outcomes,
        },
      };
    },
  };
};
