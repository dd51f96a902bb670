import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { slugify } from '../core/slug';
import { parseInput, refuse } from '../validation/issues';
import { profileKeySchema, profileSchema } from '../validation/profiles';
import { UIDS } from '../uids';
import { getService } from '../get-service';

type Row = Record<string, any>;

export const keyShape = (row: Row) => ({
  documentId: row.documentId,
  slug: row.slug,
  name: row.name,
  min: Number(row.min),
  max: Number(row.max),
});

/** Keys in the order they were added, as the admin lists them. */
export const keysOf = (profile: Row) =>
  [...(profile.keys ?? [])].sort((a: Row, b: Row) => a.id - b.id).map(keyShape);

const profileShape = (row: Row) => ({
  documentId: row.documentId,
  slug: row.slug,
  name: row.name,
  description: row.description ?? null,
  scoring: row.scoring,
  halfLifeDays: Number(row.halfLifeDays) || 0,
  keys: keysOf(row),
  personas: (row.personas ?? []).length,
});

const listed = (labels: string[]) => labels.join(', ');

/**
 * Admin: profiles and their keys. Slugs are derived from names when created and kept when
 * renamed, since tags, personas and rules refer to them. Removing or narrowing what content
 * tags or variant rules use is refused (409) with their names; a profile's own keys and
 * personas go with it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = (uid: string) => strapi.documents(uid as any);
  const usage = () => getService(strapi, 'definition-usage');
  const findProfile = (documentId: string) =>
    strapi.db.query(UIDS.profile).findOne({
      where: { documentId },
      populate: { keys: true, personas: true },
    }) as Promise<Row | null>;
  const findKey = (documentId: string) =>
    strapi.db.query(UIDS.profileKey).findOne({
      where: { documentId },
      populate: { profile: { populate: { personas: true } } },
    }) as Promise<Row | null>;
  /** Answers with the profile as it is now (null for a key the Content Manager left without one). */
  const respondWithProfile = async (ctx: Context, documentId: string | undefined) => {
    const profile = documentId ? await findProfile(documentId) : null;
    ctx.body = { data: profile ? profileShape(profile) : null };
  };

  /** A profile's name is unique, and so is the slug derived from it when it is created (renames keep the slug). */
  async function nameTaken(name: string, except?: string): Promise<string | null> {
    const where = except ? { name } : { $or: [{ name }, { slug: slugify(name) }] };
    const clash = ((await strapi.db.query(UIDS.profile).findMany({ where })) as Row[]).find(
      (row) => row.documentId !== except
    );
    return clash ? `a profile named '${clash.name}' exists already` : null;
  }

  return {
    async find(ctx: Context) {
      const rows = (await strapi.db
        .query(UIDS.profile)
        .findMany({ populate: { keys: true, personas: true }, orderBy: { name: 'asc' } })) as Row[];
      ctx.body = { data: rows.map(profileShape) };
    },

    async create(ctx: Context) {
      const data = parseInput(ctx, profileSchema, ctx.request.body, 'profile');
      if (!data) return;
      const slug = slugify(data.name);
      if (!slug)
        return refuse(ctx, 'profile', [{ path: 'name', message: 'needs a letter or a digit' }]);
      const taken = await nameTaken(data.name);
      if (taken) return refuse(ctx, 'profile', [{ path: 'name', message: taken }]);
      const created = (await documents(UIDS.profile).create({
        data: { ...data, slug },
      } as any)) as Row;
      await respondWithProfile(ctx, created.documentId);
      ctx.status = 201;
    },

    async update(ctx: Context) {
      const data = parseInput(ctx, profileSchema, ctx.request.body, 'profile');
      if (!data) return;
      const { documentId } = ctx.params;
      if (!(await findProfile(documentId))) return ctx.notFound('No such profile');
      const taken = await nameTaken(data.name, documentId);
      if (taken) return refuse(ctx, 'profile', [{ path: 'name', message: taken }]);
      await documents(UIDS.profile).update({ documentId, data } as any);
      await respondWithProfile(ctx, documentId);
    },

    async delete(ctx: Context) {
      const profile = await findProfile(ctx.params.documentId);
      if (!profile) return ctx.notFound('No such profile');
      const keys: Row[] = profile.keys ?? [];
      const personas: Row[] = profile.personas ?? [];
      const users: string[] = await usage().usersOf({
        profileKeys: keys.map((key) => key.slug),
        personas: personas.map((persona) => persona.slug),
      });
      if (users.length > 0) {
        return ctx.conflict(
          `Profile '${profile.name}' is still used by ${listed(users)}: remove its keys and personas there first`,
          { usedBy: users }
        );
      }
      for (const persona of personas)
        await documents(UIDS.persona).delete({ documentId: persona.documentId } as any);
      for (const key of keys)
        await documents(UIDS.profileKey).delete({ documentId: key.documentId } as any);
      await documents(UIDS.profile).delete({ documentId: profile.documentId } as any);
      ctx.body = {
        data: {
          documentId: profile.documentId,
          deletedKeys: keys.length,
          deletedPersonas: personas.length,
        },
      };
    },

    async createKey(ctx: Context) {
      const data = parseInput(ctx, profileKeySchema, ctx.request.body, 'profile key');
      if (!data) return;
      const profile = await findProfile(ctx.params.documentId);
      if (!profile) return ctx.notFound('No such profile');
      const slug = slugify(data.name);
      if (!slug)
        return refuse(ctx, 'profile key', [{ path: 'name', message: 'needs a letter or a digit' }]);
      // key slugs are global: rules and tags name a key without its profile
      const clash = (await strapi.db
        .query(UIDS.profileKey)
        .findOne({ where: { slug }, populate: { profile: true } })) as Row | null;
      if (clash)
        return refuse(ctx, 'profile key', [
          {
            path: 'name',
            message: `a key '${slug}' exists already in profile '${clash.profile?.name ?? '?'}'`,
          },
        ]);
      await documents(UIDS.profileKey).create({
        data: { ...data, slug, profile: profile.documentId },
      } as any);
      await respondWithProfile(ctx, profile.documentId);
      ctx.status = 201;
    },

    async updateKey(ctx: Context) {
      const data = parseInput(ctx, profileKeySchema, ctx.request.body, 'profile key');
      if (!data) return;
      const key = await findKey(ctx.params.documentId);
      if (!key) return ctx.notFound('No such profile key');
      const outside: string[] = await usage().valuesOutside(
        { slug: key.slug, min: data.min, max: data.max },
        key.profile?.personas ?? []
      );
      if (outside.length > 0) {
        return ctx.conflict(
          `'${key.name}' cannot be limited to ${data.min}..${data.max}: ${listed(outside)} lie outside; change those values first`,
          { usedBy: outside }
        );
      }
      await documents(UIDS.profileKey).update({ documentId: key.documentId, data } as any);
      await respondWithProfile(ctx, key.profile?.documentId);
    },

    /** Removes the key and the personas' values for it; refused while content tags or rules use it. */
    async deleteKey(ctx: Context) {
      const key = await findKey(ctx.params.documentId);
      if (!key) return ctx.notFound('No such profile key');
      const users: string[] = await usage().usersOf({ profileKeys: [key.slug] });
      if (users.length > 0)
        return ctx.conflict(
          `Key '${key.name}' is still used by ${listed(users)}: remove it there first`,
          { usedBy: users }
        );
      for (const persona of (key.profile?.personas ?? []) as Row[]) {
        const keyValues = Object.fromEntries(
          Object.entries(persona.keyValues ?? {}).filter(([slug]) => slug !== key.slug)
        );
        await documents(UIDS.persona).update({
          documentId: persona.documentId,
          data: { keyValues },
        } as any);
      }
      await documents(UIDS.profileKey).delete({ documentId: key.documentId } as any);
      await respondWithProfile(ctx, key.profile?.documentId);
    },
  };
};
