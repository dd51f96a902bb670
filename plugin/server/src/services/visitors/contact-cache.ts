/**
 * The contacts of recent visitors, read from the database once and trusted for a short while
 * (other instances may write them), and per visitor id (a device) the visit in progress: the
 * devices merged into one contact share its record, each keeps its own visit. A contact with
 * changes the write buffer has not written yet is never reloaded nor evicted: the cache asks the
 * buffer (PendingWrites), and the buffer tells the cache when it wrote a contact (`written`),
 * which then counts as freshly loaded.
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

interface StoredContact {
  record: ContactRecord;
  /** when the record was last known to equal its row (read, or written by a flush) */
  loadedAt: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** by the contact's own visitor id */
  const contacts = new Map<string, StoredContact>();
  /** by visitor id (device), least recently used first */
  const devices = new Map<string, CachedContact>();
  const loading = new Map<string, Promise<CachedContact | null>>();
  let buffer: PendingWrites | undefined;
  const pendingWrites = (): PendingWrites => (buffer ??= getService(strapi, 'write-buffer'));

  // a held contact has no row to reload: its record is all there is
  const isFresh = (stored: StoredContact, now: number) =>
    now - stored.loadedAt < CONTACT_CACHE_TTL_MS ||
    !!stored.record.held ||
    pendingWrites().isDirty(stored.record);

  const findContact = (visitorId: string) =>
    strapi.db.query(UIDS.contact).findOne({ where: { visitorId } }) as Promise<ContactRow | null>;

  /** The device's visit in progress: the contact's current one on its own device, the device's latest on a merged one. */
  async function loadVisit(visitorId: string, contact: ContactRecord): Promise<VisitRecord | null> {
    const query = strapi.db.query(UIDS.visit);
    let row: VisitRow | null = null;
    if (visitorId !== contact.visitorId)
      row = await query.findOne({ where: { visitorId }, orderBy: { startedAt: 'desc' } });
    else if (contact.currentVisitKey)
      row = await query.findOne({ where: { visitKey: contact.currentVisitKey } });
    return row ? visitFromRow(row) : null;
  }

  async function loadFromDatabase(visitorId: string, now: number): Promise<CachedContact | null> {
    let row = await findContact(visitorId);
    // A contact merged into a known one (identify on a second device) resolves to the survivor.
    for (let hops = 0; row?.mergedInto && hops < MAX_MERGE_HOPS; hops++) {
      row = await findContact(row.mergedInto);
    }
    if (!row) return null;
    // another device of the same contact may hold the record already, with changes not written yet
    let stored = contacts.get(row.visitorId);
    if (!stored || !isFresh(stored, now)) {
      const record = contactFromRow(row);
      if (getService(strapi, 'erasures').isErased(record.visitorId, record.firstSeenAt))
        return null;
      stored = { record, loadedAt: now };
      contacts.set(row.visitorId, stored);
    }
    return { record: stored.record, visit: await loadVisit(visitorId, stored.record) };
  }

  /** Keeps `entry` as the most recently used device; evicts the least recently used ones without pending writes. */
  function remember(visitorId: string, entry: CachedContact): void {
    devices.delete(visitorId);
    devices.set(visitorId, entry);
    if (devices.size <= CONTACT_CACHE_MAX) return;
    for (const [id, old] of devices) {
      if (devices.size <= CONTACT_CACHE_MAX) break;
      if (pendingWrites().isDirty(old.record)) continue;
      devices.delete(id);
      if (contacts.get(old.record.visitorId)?.record === old.record)
        contacts.delete(old.record.visitorId);
    }
  }

  /** The cached contact and visit of a visitor id while fresh, else undefined: lookup reads it then. */
  function fresh(visitorId: string, now: number): CachedContact | undefined {
    const hit = devices.get(visitorId);
    const stored = hit && contacts.get(hit.record.visitorId);
    if (!hit || !stored || !isFresh(stored, now)) return undefined;
    hit.record = stored.record; // another device of the contact may have reloaded it
    return hit;
  }

  /** The contact and visit of a visitor id, from the cache while fresh, else from the database (one read per id at a time). */
  async function lookup(visitorId: string, now: number): Promise<CachedContact | null> {
    const hit = fresh(visitorId, now);
    if (hit) return hit;
    let pending = loading.get(visitorId);
    if (!pending) {
      pending = loadFromDatabase(visitorId, now).finally(() => loading.delete(visitorId));
      loading.set(visitorId, pending);
    }
    const loaded = await pending;
    if (loaded) remember(visitorId, loaded);
    return loaded;
  }

  return {
    lookup,
    fresh,

    /** A contact first seen now, on its own device. */
    remember(entry: CachedContact, now: number): void {
      contacts.set(entry.record.visitorId, { record: entry.record, loadedAt: now });
      remember(entry.record.visitorId, entry);
    },

    /** The cached entry of a visitor id, if any, without reading the database. */
    peek(visitorId: string): CachedContact | undefined {
      return devices.get(visitorId);
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

    /**
     * After `absorbed` was merged into `survivor` on the device `visitorId`: the device keeps its
     * visit, and every device of the absorbed contact resolves to the survivor from now on.
     */
    attachDevice(
      visitorId: string,
      absorbedVisitorId: string,
      survivor: ContactRecord,
      visit: VisitRecord
    ): void {
      contacts.delete(absorbedVisitorId);
      remember(visitorId, { record: survivor, visit });
    },

    /** Told by the write buffer: these contacts' rows now equal their records, trusted again from `at`. */
    written(records: ContactRecord[], at: number): void {
      for (const contact of records) {
        const stored = contacts.get(contact.visitorId);
        if (stored?.record === contact) stored.loadedAt = at;
      }
    },

    /** Drops the contacts of these visitor ids, and the ids that point at them. */
    forget(visitorIds: ReadonlySet<string>): void {
      for (const id of visitorIds) {
        const stored = contacts.get(id);
        if (stored) stored.record.forgotten = true;
        contacts.delete(id);
      }
      for (const [id, entry] of devices)
        if (visitorIds.has(id) || visitorIds.has(entry.record.visitorId)) {
          entry.record.forgotten = true;
          devices.delete(id);
        }
    },
  };
};
