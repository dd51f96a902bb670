/** Contacts for the admin: search, one contact's profile and timeline, and erasure. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { averageScores, decayState, type ProfileState } from '../core/scoring';
import type { Definitions } from './definitions';
import type { ProfileRecord } from '../records';
import type { ContactsQuery } from '../validation/contacts';
import { UIDS } from '../uids';
import { getService } from '../get-service';
import { tableOf, type Table } from './automation/sql';

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

/** `!` escapes LIKE's wildcards: one escape character that every database takes as written. */
const likePattern = (text: string) => `%${text.replace(/[!%_]/g, '!$&')}%`;
const DAY_MS = 86_400_000;

/**
 * The contacts a query matches, as plain SQL: the query engine cannot look into the personas
 * JSON nor ask for a visit through a channel. Values are bound as Date and boolean, as Strapi
 * writes them, so every database compares them as it stored them.
 */
function contactsWhere(contacts: Table, query: ContactsQuery, strapi: Core.Strapi) {
  const column = contacts.column;
  const builder = contacts.query().whereNull(column('mergedInto'));
  const search = query.q?.trim().toLowerCase();
  if (search)
    builder.where((inner) => {
      inner
        .whereRaw("LOWER(??) LIKE ? ESCAPE '!'", [column('email'), likePattern(search)])
        .orWhereRaw("LOWER(??) LIKE ? ESCAPE '!'", [column('externalId'), likePattern(search)]);
      // visitor ids are lower-case UUIDs: only such a text can be the start of one
      if (/^[0-9a-f-]+$/.test(search)) inner.orWhere(column('visitorId'), 'like', `${search}%`);
    });
  if (query.persona) {
    const client = strapi.db.dialect.client;
    const asText =
      client === 'postgres' ? 'CAST(?? AS TEXT)' : client === 'sqlite' ? '??' : 'CAST(?? AS CHAR)';
    // stored as JSON.stringify writes it on SQLite; PostgreSQL and MySQL print a space after ':'
    builder.where((inner) =>
      inner
        .whereRaw(`${asText} LIKE ? ESCAPE '!'`, [
          column('personas'),
          likePattern(`"persona":"${query.persona}"`),
        ])
        .orWhereRaw(`${asText} LIKE ? ESCAPE '!'`, [
          column('personas'),
          likePattern(`"persona": "${query.persona}"`),
        ])
    );
  }
  if (query.identified !== undefined) builder.where(column('identified'), query.identified);
  if (query.channel) {
    const visits = tableOf(strapi, UIDS.visit);
    builder.whereIn(
      column('visitorId'),
      visits
        .query()
        .select(visits.column('contactId'))
        .where(visits.column('channel'), query.channel)
    );
  }
  if (query.lastSeenFrom)
    builder.where(column('lastSeenAt'), '>=', new Date(`${query.lastSeenFrom}T00:00:00Z`));
  if (query.lastSeenTo)
    builder.where(
      column('lastSeenAt'),
      '<',
      new Date(Date.parse(`${query.lastSeenTo}T00:00:00Z`) + DAY_MS)
    );
  return builder;
}

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
    /**
     * A page of contacts (merged ones left out), last seen first, found by email, external id or
     * visitor id prefix and narrowed by persona, identity, channel and last-seen days.
     */
    async search(query: ContactsQuery) {
      await tracking().flush();
      const defs = await definitions();
      if (query.persona && !defs.personaNames.has(query.persona))
        throw new errors.ValidationError(
          `Invalid contacts query: persona: unknown persona '${query.persona}'`
        );
      const { page, pageSize } = query;
      const contacts = tableOf(strapi, UIDS.contact);
      const id = contacts.column('id');
      const matching = () => contactsWhere(contacts, query, strapi);
      const [idRows, counted] = await Promise.all([
        matching()
          .select(id)
          // never seen last on every database (PostgreSQL puts NULL first in DESC); knex's
          // `nulls` option drops the column itself from the ORDER BY of an array
          .orderByRaw('CASE WHEN ?? IS NULL THEN 1 ELSE 0 END, ?? DESC, ?? DESC', [
            contacts.column('lastSeenAt'),
            contacts.column('lastSeenAt'),
            id,
          ])
          .offset((page - 1) * pageSize)
          .limit(pageSize) as Promise<Array<Record<string, unknown>>>,
        matching().count({ total: '*' }).first() as Promise<{ total: unknown } | undefined>,
      ]);
      const ids = idRows.map((row) => row[id] as number);
      const found = ids.length
        ? ((await strapi.db.query(UIDS.contact).findMany({
            where: { id: { $in: ids } },
            select: ['id', ...LIST_FIELDS],
          })) as ContactRow[])
        : [];
      const byId = new Map(found.map(({ id: rowId, ...row }) => [rowId, row]));
      const total = Number(counted?.total ?? 0);
      return {
        contacts: ids.flatMap((rowId) => {
          const row = byId.get(rowId);
          return row ? [{ ...row, personas: named(row.personas as PersonaMatches, defs) }] : [];
        }),
        pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) },
        /** the personas the list can be filtered by, by name */
        personas: [...defs.personaNames]
          .map(([slug, name]) => ({ slug, name }))
          .sort((a, b) => a.name.localeCompare(b.name)),
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
