/**
 * The frontend's event batches (`POST /api/cxm/events`): a per-visitor rate limit, each event
 * checked on its own before the request is tracked (a malformed or unknown one is rejected with
 * its reason, the others are kept; a batch with none to keep changes nothing), and the viewed
 * documents checked to exist with one query per content type for those not seen recently. A
 * batch is answered once what it changed is committed (group commit in the write buffer): an
 * acknowledged event is a stored event.
 */
import { createHash } from 'node:crypto';
import type { Core, UID } from '@strapi/strapi';
import { eventSchema, type VisitorEvent } from '../../validation/events';
import type { Definitions } from '../definitions';
import { getService } from '../../get-service';
import type { Visitor } from './records';

/** Events one visitor may send per minute; more is a misbehaving client, not a person. */
export const EVENTS_PER_MINUTE = 600;
/**
 * Events per minute from one address by senders without a visitor id (each such request is a new
 * visitor, so the per-visitor limit alone would not hold them); several people may share an address.
 */
export const ANONYMOUS_EVENTS_PER_ADDRESS_MINUTE = 3_000;
const RATE_WINDOW_MS = 60_000;
const RATE_WINDOWS_MAX = 50_000;
/** How long a document known to exist is trusted without asking the database again. */
const EXISTING_DOCUMENT_TTL_MS = 30_000;
const EXISTING_DOCUMENT_MAX = 10_000;

export interface EventOutcome {
  index: number;
  status: 'accepted' | 'rejected';
  reason?: string;
  /** for goals: whether the goal counted (a non-repeatable goal counts once per visit) */
  counted?: boolean;
}

/** The batch was applied but the database did not take it: the client should send it again. */
export class EventsNotStored extends Error {}

/** Who sends a batch, before the request is tracked. */
export interface EventSender {
  /** the valid visitor id the request presented, if any */
  visitorId: string | null;
  clientAddress(): string | null;
}

/** The rate-limit key of an address: hashed, so that the limiter's memory holds no address. */
const addressKey = (address: string) =>
  `address:${createHash('sha256').update(address).digest('base64url')}`;

/** An event of a batch as checked before the request is tracked: one to keep, or rejected with its reason. */
export type CheckedEvent =
  { index: number; event: VisitorEvent } | { index: number; status: 'rejected'; reason: string };

export interface BatchOutcome {
  accepted: number;
  rejected: number;
  events: EventOutcome[];
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const windows = new Map<string, { start: number; count: number }>();
  /** `${uid}:${documentId}` → until when the document is known to exist */
  const existing = new Map<string, number>();
  // the event's uid is checked against the registered content types first: Strapi types it per uid
  const contentTypeExists = (uid: string) => !!strapi.contentType(uid as UID.ContentType);

  function withinRate(key: string, events: number, limit: number, now: number): boolean {
    const window = windows.get(key);
    if (!window || now - window.start >= RATE_WINDOW_MS) {
      if (windows.size > RATE_WINDOWS_MAX) windows.clear(); // bounded memory; a reset window only ever allows more
      windows.set(key, { start: now, count: events });
      return events <= limit;
    }
    window.count += events;
    return window.count <= limit;
  }

  /** The viewed documents that exist, with one query per content type for those not seen recently. */
  async function existingDocuments(events: VisitorEvent[], now: number): Promise<Set<string>> {
    const found = new Set<string>();
    const missing = new Map<string, Set<string>>();
    for (const event of events) {
      if (event.type !== 'view' || !contentTypeExists(event.uid)) continue;
      const key = `${event.uid}:${event.documentId}`;
      if ((existing.get(key) ?? 0) > now) found.add(key);
      else missing.set(event.uid, (missing.get(event.uid) ?? new Set()).add(event.documentId));
    }
    for (const [uid, ids] of missing) {
      const rows = (await strapi.db
        .query(uid)
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

  /** Why the event cannot be kept (an unknown goal, type or document), or null when it can. */
  function rejectionOf(event: VisitorEvent, defs: Definitions, documents: Set<string>) {
    if (event.type === 'goal')
      return defs.goals.has(event.goal) ? null : `unknown goal '${event.goal}'`;
    if (!contentTypeExists(event.uid)) return `unknown content type '${event.uid}'`;
    if (!documents.has(`${event.uid}:${event.documentId}`))
      return `unknown document '${event.documentId}' of ${event.uid}`;
    return null;
  }

  return {
    /**
     * Whether the sender may send these events now: the visitor's limit, or for a sender
     * without an id its address's. Asked before the request is tracked, so that a refused batch
     * makes no contact and counts no visit.
     */
    admit(sender: EventSender, events: number, now: number): boolean {
      if (sender.visitorId) return withinRate(sender.visitorId, events, EVENTS_PER_MINUTE, now);
      const address = sender.clientAddress();
      return (
        !address ||
        withinRate(addressKey(address), events, ANONYMOUS_EVENTS_PER_ADDRESS_MINUTE, now)
      );
    },

    /** Checks each raw event of a batch, in order, without a visitor: what to keep, and what is rejected why. */
    async check(rawEvents: unknown[], now: number): Promise<CheckedEvent[]> {
      const defs: Definitions = await getService(strapi, 'definitions').get();
      const parsed = rawEvents.map((raw) => eventSchema.safeParse(raw));
      const documents = await existingDocuments(
        parsed.flatMap((result) => (result.success ? [result.data] : [])),
        now
      );
      return parsed.map((result, index): CheckedEvent => {
        if (!result.success) {
          const issue = result.error.issues[0];
          const reason = `${issue.path.join('.') || 'event'}: ${issue.message}`;
          return { index, status: 'rejected', reason };
        }
        const rejection = rejectionOf(result.data, defs, documents);
        return rejection
          ? { index, status: 'rejected', reason: rejection }
          : { index, event: result.data };
      });
    },

    /** Applies the kept events of a checked batch to the visitor, in order. */
    async accept(visitor: Visitor, checked: CheckedEvent[], now: number): Promise<BatchOutcome> {
      const defs: Definitions = await getService(strapi, 'definitions').get();
      const visitors = getService(strapi, 'visitors');
      const events = checked.map((entry): EventOutcome => {
        if (!('event' in entry)) return entry;
        const { index, event } = entry;
        if (event.type === 'goal')
          return {
            index,
            status: 'accepted',
            counted: visitors.reachGoal(visitor, event.goal, defs, now),
          };
        visitors.recordView(visitor, event.uid, event.documentId, defs, now);
        return { index, status: 'accepted' };
      });
      const accepted = events.filter((outcome) => outcome.status === 'accepted').length;
      if (accepted > 0) {
        visitors.keep(visitor); // a visitor who sends events is kept
        try {
          await getService(strapi, 'write-buffer').commit(visitor.contact, visitor.visit);
        } catch {
          // the flush logged why; the events stay queued, so a resend may store them twice (at least once)
          throw new EventsNotStored('The events were not stored yet: send them again');
        }
      }
      return {
        accepted,
        rejected: events.filter((outcome) => outcome.status === 'rejected').length,
        events,
      };
    },
  };
};
