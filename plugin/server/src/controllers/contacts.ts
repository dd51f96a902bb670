import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { contactsQuerySchema } from '../validation/contacts';
import { isVisitorId } from '../core/signing';
import { averageScores, decayState, type ProfileState } from '../core/scoring';
import type { Definitions } from '../services/definitions';
import { UIDS } from '../uids';
import { issuesOf } from '../validation/issues';
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
/** Fields that name a document, in the order a timeline prefers them. */
const TITLE_FIELDS = ['title', 'name', 'slug'];

type Row = Record<string, any>;
type PersonaMatches = Record<string, { persona: string; distance: number } | null>;

const named = (matches: PersonaMatches | null, defs: Definitions) =>
  Object.fromEntries(
    Object.entries(matches ?? {}).map(([profile, match]) => [
      profile,
      match ? { ...match, name: defs.personaNames.get(match.persona) ?? match.persona } : null,
    ])
  );

/** Admin: contacts with search, one contact's profile and timeline, and erasure. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const definitions = (): Promise<Definitions> => getService(strapi, 'definitions').get();

  /** The titles of the documents viewed in a timeline, `${uid}:${documentId}` → title, with one query per content type. */
  async function documentTitles(interactions: Row[]): Promise<Map<string, string>> {
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
      const field = TITLE_FIELDS.find((name) => strapi.contentType(uid as any)?.attributes[name]);
      if (!field) continue;
      const rows = (await strapi.db.query(uid as any).findMany({
        where: { documentId: { $in: [...ids] } },
        select: ['documentId', field],
      })) as Row[];
      for (const row of rows)
        if (!titles.has(`${uid}:${row.documentId}`))
          titles.set(`${uid}:${row.documentId}`, String(row[field]));
    }
    return titles;
  }

  /** Each profile's scores as of `now`: decayed totals and the averages persona matching reads, with the current persona. */
  async function profilesAsOf(contact: Row, defs: Definitions, now: number) {
    const names = new Map(
      ((await strapi.db.query(UIDS.profile).findMany({ select: ['slug', 'name'] })) as Row[]).map(
        (row) => [row.slug, row.name]
      )
    );
    const personas = named(contact.personas, defs);
    return defs.profiles.map((profile) => {
      const state = (contact.profiles ?? {})[profile.slug] as ProfileState | undefined;
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
    async find(ctx: Context) {
      const parsed = contactsQuerySchema.safeParse(ctx.query);
      if (!parsed.success)
        return ctx.badRequest('Invalid contacts query', { errors: issuesOf(parsed.error) });
      const { q, page, pageSize } = parsed.data;
      await getService(strapi, 'tracking').flush();
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
        }) as Promise<Row[]>,
        strapi.db.query(UIDS.contact).count({ where }),
        definitions(),
      ]);
      const data = results.map((row) => ({ ...row, personas: named(row.personas, defs) }));
      ctx.body = {
        data,
        meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } },
      };
    },

    async findOne(ctx: Context) {
      const { visitorId } = ctx.params;
      if (!isVisitorId(visitorId))
        return ctx.badRequest('A contact is addressed by its visitor id (a UUID)');
      await getService(strapi, 'tracking').flush();
      const contact = (await strapi.db
        .query(UIDS.contact)
        .findOne({ where: { visitorId } })) as Row | null;
      if (!contact) return ctx.notFound('No such contact');
      const [visits, interactions, defs] = await Promise.all([
        strapi.db.query(UIDS.visit).findMany({
          where: { contactId: visitorId },
          orderBy: { startedAt: 'desc' },
          limit: TIMELINE_LIMIT,
        }),
        strapi.db.query(UIDS.interaction).findMany({
          where: { contactId: visitorId },
          orderBy: { occurredAt: 'desc' },
          limit: TIMELINE_LIMIT,
        }) as Promise<Row[]>,
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
      ctx.body = {
        data: {
          contact: { ...contact, personas: named(contact.personas, defs) },
          profiles: await profilesAsOf(contact, defs, now),
          asOf: new Date(now).toISOString(),
          visits,
          timeline,
        },
      };
    },

    /** Erases the contact with its visits and interactions (personal data); rollups keep their anonymous counts. */
    async erase(ctx: Context) {
      const { visitorId } = ctx.params;
      if (!isVisitorId(visitorId))
        return ctx.badRequest('A contact is addressed by its visitor id (a UUID)');
      const erased = await getService(strapi, 'tracking').erase(visitorId);
      if (!erased) return ctx.notFound('No such contact');
      ctx.body = { data: { visitorId, erased } };
    },
  };
};
