/** Contacts for the admin: search, one contact's profile and timeline, and erasure. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { averageScores, decayState, type ProfileState } from '../core/scoring';
import type { Definitions } from './definitions';
import type { ProfileRecord } from '../records';
import type { ContactsQuery } from '../validation/contacts';
import { UIDS } from '../uids';
import { getService } from '../get-service';

const LIST_FIELDS = [
  'visitorId',
  'identified',
  'email',
  'externalId',
  'engagementValue',
  'visitCount',
  'personas',
  'firstSeenAt',
  'lastSeenAt',
];
const TIMELINE_LIMIT = 200;

type PersonaMatches = Record<string, { persona: string; distance: number } | null>;
/** The columns of a contact this service reads; the rest is passed through as stored. */
interface ContactRow {
  personas: PersonaMatches | null;
  profiles?: Record<string, ProfileState> | null;
  [column: string]: unknown;
}
interface InteractionRow {
  type: string;
  contentUid: string | null;
  contentDocumentId: string | null;
  goal: string | null;
  data: { to?: string } | null;
  [column: string]: unknown;
}

const named = (matches: PersonaMatches | null, defs: Definitions) =>
  Object.fromEntries(
    Object.entries(matches ?? {}).map(([profile, match]) => [
      profile,
      match ? { ...match, name: defs.personaNames.get(match.persona) ?? match.persona } : null,
    ])
  );

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const definitions = () => getService(strapi, 'definitions').get();
  const tracking = () => getService(strapi, 'tracking');

  /** The titles of the documents viewed in a timeline, `${uid}:${documentId}` → title, with one query per content type. */
  async function documentTitles(interactions: InteractionRow[]): Promise<Map<string, string>> {
    const byUid = new Map<string, Set<string>>();
    for (const row of interactions) {
      if (row.contentUid && row.contentDocumentId)
        byUid.set(
          row.contentUid,
          (byUid.get(row.contentUid) ?? new Set()).add(row.contentDocumentId)
        );
    }
    const titles = new Map<string, string>();
    for (const [uid, ids] of byUid) {
      const found = await getService(strapi, 'documents').titlesOf(uid, [...ids]);
      for (const [documentId, title] of found) titles.set(`${uid}:${documentId}`, title);
    }
    return titles;
  }

  /** Each profile's scores as of `now`: decayed totals and the averages persona matching reads, with the current persona. */
  async function profilesAsOf(contact: ContactRow, defs: Definitions, now: number) {
    const rows = (await strapi.db
      .query(UIDS.profile)
      .findMany({ select: ['slug', 'name'] })) as Array<Pick<ProfileRecord, 'slug' | 'name'>>;
    const names = new Map(rows.map((row) => [row.slug, row.name]));
    const personas = named(contact.personas, defs);
    return defs.profiles.map((profile) => {
      const state = (contact.profiles ?? {})[profile.slug];
      const current = state ? decayState(state, profile, now) : undefined;
      const averages = averageScores(state, profile);
      return {
        slug: profile.slug,
        name: names.get(profile.slug) ?? profile.slug,
        scoring: profile.scoring,
        halfLifeDays: profile.halfLifeDays,
        views: state?.views ?? 0,
        updatedAt: state ? new Date(state.updatedAt).toISOString() : null,
        keys: profile.keys.map((key) => ({
          slug: key.slug,
          name: defs.keyNames.get(key.slug) ?? key.slug,
          total: current?.totals[key.slug] ?? 0,
          average: averages[key.slug],
        })),
        persona: personas[profile.slug] ?? null,
      };
    });
  }

  return {
    /** A page of contacts (merged ones left out), last seen first, found by email, external id or visitor id prefix. */
    async search({ q, page, pageSize }: ContactsQuery) {
      await tracking().flush();
      const search = q?.trim();
      const where = {
        mergedInto: null,
        ...(search
          ? {
              $or: [
                { email: { $containsi: search } },
                { externalId: { $containsi: search } },
                { visitorId: { $startsWith: search } },
              ],
            }
          : {}),
      };
      const [results, total, defs] = await Promise.all([
        strapi.db.query(UIDS.contact).findMany({
          where,
          select: LIST_FIELDS,
          orderBy: { lastSeenAt: 'desc' },
          offset: (page - 1) * pageSize,
          limit: pageSize,
        }) as Promise<ContactRow[]>,
        strapi.db.query(UIDS.contact).count({ where }),
        definitions(),
      ]);
      return {
        contacts: results.map((row) => ({ ...row, personas: named(row.personas, defs) })),
        pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) },
      };
    },

    /** The contact with its profiles as of now, its latest visits and its timeline. */
    async detail(visitorId: string) {
      await tracking().flush();
      const contact = (await strapi.db
        .query(UIDS.contact)
        .findOne({ where: { visitorId } })) as ContactRow | null;
      if (!contact) throw new errors.NotFoundError('No such contact');
      const [visits, interactions, defs] = await Promise.all([
        strapi.db.query(UIDS.visit).findMany({
          where: { contactId: visitorId },
          orderBy: { startedAt: 'desc' },
          limit: TIMELINE_LIMIT,
        }) as Promise<unknown[]>,
        strapi.db.query(UIDS.interaction).findMany({
          where: { contactId: visitorId },
          orderBy: { occurredAt: 'desc' },
          limit: TIMELINE_LIMIT,
        }) as Promise<InteractionRow[]>,
        definitions(),
      ]);
      const titles = await documentTitles(interactions);
      const timeline = interactions.map((row) => ({
        ...row,
        contentTitle: row.contentUid
          ? (titles.get(`${row.contentUid}:${row.contentDocumentId}`) ?? null)
          : null,
        goalName: row.goal ? (defs.goals.get(row.goal)?.name ?? row.goal) : null,
        personaName:
          row.type === 'persona' && row.data?.to
            ? (defs.personaNames.get(row.data.to) ?? row.data.to)
            : null,
      }));
      const now = Date.now();
      return {
        contact: { ...contact, personas: named(contact.personas, defs) },
        profiles: await profilesAsOf(contact, defs, now),
        asOf: new Date(now).toISOString(),
        visits,
        timeline,
      };
    },

    /** Erases the contact with its visits and interactions (personal data); rollups keep their anonymous counts. */
    async erase(visitorId: string) {
      const erased = await tracking().erase(visitorId);
      if (!erased) throw new errors.NotFoundError('No such contact');
      return { visitorId, erased };
    },
  };
};
