import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { slugify } from '../core/slug';
import { parseInput, refuse } from '../validation/issues';
import {
  personaCreateSchema,
  personasQuerySchema,
  personaUpdateSchema,
  personaValueIssues,
} from '../validation/profiles';
import { keysOf } from './profiles';
import { UIDS } from '../uids';
import { getService } from '../get-service';

type Row = Record<string, any>;

/** A persona with a value for every key of its profile (a key it does not name counts as the key's minimum). */
const personaShape = (row: Row) => {
  const keys = row.profile ? keysOf(row.profile) : [];
  return {
    documentId: row.documentId,
    slug: row.slug,
    name: row.name,
    description: row.description ?? null,
    profile: row.profile?.documentId ?? null,
    keyValues: Object.fromEntries(
      keys.map((key) => [
        key.slug,
        typeof row.keyValues?.[key.slug] === 'number' ? row.keyValues[key.slug] : key.min,
      ])
    ),
  };
};

const WITH_PROFILE = { profile: { populate: { keys: true } } };

/** Admin: personas (pattern cards), each with one value per key of its profile. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const personas = () => strapi.documents(UIDS.persona as any);
  const findPersona = (documentId: string) =>
    strapi.db
      .query(UIDS.persona)
      .findOne({ where: { documentId }, populate: WITH_PROFILE }) as Promise<Row | null>;
  const respondWithPersona = async (ctx: Context, documentId: string) => {
    ctx.body = { data: personaShape((await findPersona(documentId))!) };
  };

  return {
    async find(ctx: Context) {
      const query = parseInput(ctx, personasQuerySchema, ctx.query, 'query');
      if (!query) return;
      const rows = (await strapi.db.query(UIDS.persona).findMany({
        where: query.profile ? { profile: { documentId: query.profile } } : {},
        populate: WITH_PROFILE,
        orderBy: { name: 'asc' },
      })) as Row[];
      ctx.body = { data: rows.map(personaShape) };
    },

    async create(ctx: Context) {
      const data = parseInput(ctx, personaCreateSchema, ctx.request.body, 'persona');
      if (!data) return;
      const profile = (await strapi.db
        .query(UIDS.profile)
        .findOne({ where: { documentId: data.profile }, populate: { keys: true } })) as Row | null;
      if (!profile)
        return refuse(ctx, 'persona', [
          { path: 'profile', message: `unknown profile '${data.profile}'` },
        ]);
      const issues = personaValueIssues(data.keyValues, keysOf(profile));
      const slug = data.slug ?? slugify(data.name);
      if (!slug) issues.push({ path: 'name', message: 'needs a letter or a digit' });
      else if (await strapi.db.query(UIDS.persona).findOne({ where: { slug } }))
        issues.push({ path: 'slug', message: `a persona '${slug}' exists already` });
      if (issues.length > 0) return refuse(ctx, 'persona', issues);
      const created = (await personas().create({
        data: { ...data, slug, profile: profile.documentId },
      } as any)) as Row;
      await respondWithPersona(ctx, created.documentId);
      ctx.status = 201;
    },

    /** Name, description and values; the profile and slug stay (rules name the slug). */
    async update(ctx: Context) {
      const data = parseInput(ctx, personaUpdateSchema, ctx.request.body, 'persona');
      if (!data) return;
      const existing = await findPersona(ctx.params.documentId);
      if (!existing) return ctx.notFound('No such persona');
      const issues = personaValueIssues(
        data.keyValues,
        existing.profile ? keysOf(existing.profile) : []
      );
      if (issues.length > 0) return refuse(ctx, 'persona', issues);
      await personas().update({ documentId: existing.documentId, data } as any);
      await respondWithPersona(ctx, existing.documentId);
    },

    /** Refused while variant rules name the persona: they would be skipped at serve time. */
    async delete(ctx: Context) {
      const existing = await findPersona(ctx.params.documentId);
      if (!existing) return ctx.notFound('No such persona');
      const users: string[] = await getService(strapi, 'definition-usage').usersOf({
        personas: [existing.slug],
      });
      if (users.length > 0)
        return ctx.conflict(
          `Persona '${existing.name}' is still used by ${users.join(', ')}: change those rules first`,
          { usedBy: users }
        );
      await personas().delete({ documentId: existing.documentId } as any);
      ctx.body = { data: { documentId: existing.documentId } };
    },
  };
};
