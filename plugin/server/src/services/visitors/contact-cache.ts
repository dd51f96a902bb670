/**
 * The contacts of recent visitors, read from the database once and trusted for a short while
 * (other instances may write them). A contact with changes the write buffer has not written yet
 * is never reloaded nor evicted: the cache asks the buffer (PendingWrites), and the buffer tells
 * the cache when it wrote a contact (`written`), which then counts as freshly loaded.
 */
import type { Core } from '@strapi/strapi';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';
import { contactFromRow, visitFromRow, type ContactRow, type VisitRow } from './rows';
import type { CachedContact, ContactRecord, Identity, VisitRecord } from './records';

/** What the contact cache asks the write buffer. */
export interface PendingWrites {
  /** the contact has changes not written yet: its record is newer than its row */
  isDirty(contact: ContactRecord): boolean;
}

/** How long a contact read from the database is trusted before it is read again. */
const CONTACT_CACHE_TTL_MS = 10_000;
const CONTACT_CACHE_MAX = 20_000;
/** How many merges a visitor id is followed through to the contact it ended in. */
const MAX_MERGE_HOPS = 5;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<string, CachedContact>();
  const loading = new Map<string, Promise<CachedContact | null>>();
  let buffer: PendingWrites | undefined;
  const pendingWrites = (): PendingWrites => (buffer ??= getService(strapi, 'write-buffer'));

  const findContact = (visitorId: string) =>
    strapi.db.query(UIDS.contact).findOne({ where: { visitorId } }) as Promise<ContactRow | null>;

  async function loadFromDatabase(visitorId: string, now: number): Promise<CachedContact | null> {
    let row = await findContact(visitorId);
    // A contact merged into a known one (identify on a second device) resolves to the survivor.
    for (let hops = 0; row?.mergedInto && hops < MAX_MERGE_HOPS; hops++) {
      row = await findContact(row.mergedInto);
    }
    if (!row) return null;
    const record = contactFromRow(row);
    if (getService(strapi, 'erasures').isErased(record.visitorId, record.firstSeenAt)) return null;
    let visit: VisitRecord | null = null;
    if (record.currentVisitKey) {
      const visitRow = (await strapi.db
        .query(UIDS.visit)
        .findOne({ where: { visitKey: record.currentVisitKey } })) as VisitRow | null;
      visit = visitRow ? visitFromRow(visitRow) : null;
    }
    return { record, visit, loadedAt: now };
  }

  /** Keeps `entry` as the most recently used; evicts the least recently used contacts without pending writes. */
  function remember(entry: CachedContact): void {
    cache.delete(entry.record.visitorId);
    cache.set(entry.record.visitorId, entry);
    if (cache.size > CONTACT_CACHE_MAX) {
      for (const [id, old] of cache) {
        if (cache.size <= CONTACT_CACHE_MAX) break;
        if (!pendingWrites().isDirty(old.record)) cache.delete(id);
      }
    }
  }

  /** The contact of a visitor id, from the cache while fresh, else from the database (one read per id at a time). */
  async function lookup(visitorId: string, now: number): Promise<CachedContact | null> {
    const hit = cache.get(visitorId);
    if (hit && (now - hit.loadedAt < CONTACT_CACHE_TTL_MS || pendingWrites().isDirty(hit.record)))
      return hit;
    let pending = loading.get(visitorId);
    if (!pending) {
      pending = loadFromDatabase(visitorId, now).finally(() => loading.delete(visitorId));
      loading.set(visitorId, pending);
    }
    const loaded = await pending;
    if (loaded) remember(loaded);
    return loaded;
  }

  return {
    lookup,
    remember,

    /** The cached entry of a visitor id, if any, without reading the database. */
    peek(visitorId: string): CachedContact | undefined {
      return cache.get(visitorId);
    },

    /** The identified contact with this e-mail address or external id, if one is known. */
    async findIdentified(identity: Identity): Promise<ContactRecord | null> {
      const or = [
        ...(identity.email ? [{ email: identity.email.toLowerCase() }] : []),
        ...(identity.externalId ? [{ externalId: identity.externalId }] : []),
      ];
      if (or.length === 0) return null;
      const row = (await strapi.db
        .query(UIDS.contact)
        .findOne({ where: { identified: true, mergedInto: null, $or: or } })) as ContactRow | null;
      if (!row) return null;
      return (await lookup(row.visitorId, Date.now()))?.record ?? null;
    },

    /** After a merge the absorbed visitor id (its cookie on another device) finds the survivor's entry. */
    alias(absorbedVisitorId: string, survivor: CachedContact): void {
      cache.set(absorbedVisitorId, survivor);
    },

    /** Told by the write buffer: these contacts' rows now equal their records, trusted again from `at`. */
    written(contacts: ContactRecord[], at: number): void {
      for (const contact of contacts) {
        const entry = cache.get(contact.visitorId);
        if (entry?.record === contact) entry.loadedAt = at;
      }
    },

    /** Drops the contacts of these visitor ids, and the ids that point at them. */
    forget(visitorIds: ReadonlySet<string>): void {
      for (const [key, entry] of cache)
        if (visitorIds.has(key) || visitorIds.has(entry.record.visitorId)) cache.delete(key);
    },
  };
};
