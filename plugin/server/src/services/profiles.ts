/**
 * Profiles and their keys. Slugs are derived from names when created and kept when renamed,
 * since tags, personas and rules refer to them. Removing or narrowing what content tags or
 * variant rules use is refused (409) with their names; a profile's own keys and personas go with it.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { slugify } from '../core/slug';
import {
  documentData,
  type PersonaRecord,
  type ProfileKeyRecord,
  type ProfileRecord,
} from '../records';
import { conflict, invalid } from '../refusals';
import type { ProfileInput, ProfileKeyInput } from '../validation/profiles';
import { UIDS } from '../uids';
import { getService } from '../get-service';

const keyShape = (row: ProfileKeyRecord) => ({
  documentId: row.documentId,
  slug: row.slug,
  name: row.name,
  min: Number(row.min),
  max: Number(row.max),
});

/** Keys in the order they were added, as the admin lists them. */
export const keysOf = (profile: Pick<ProfileRecord, 'keys'>) =>
  [...(profile.keys ?? [])].sort((a, b) => a.id - b.id).map(keyShape);

const profileShape = (row: ProfileRecord) => ({
  documentId: row.documentId,
  slug: row.slug,
  name: row.name,
  description: row.description ?? null,
  scoring: row.scoring,
  halfLifeDays: Number(row.halfLifeDays) || 0,
  keys: keysOf(row),
  personas: (row.personas ?? []).length,
});

type ShapedProfile = ReturnType<typeof profileShape>;

const listed = (labels: string[]) => labels.join(', ');
const nameIssue = (what: string, message: string) => invalid(what, [{ path: 'name', message }]);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => ({
    profiles: strapi.documents(UIDS.profile),
    keys: strapi.documents(UIDS.profileKey),
    personas: strapi.documents(UIDS.persona),
  });
  const usage = () => getService(strapi, 'definition-usage');
  const findProfile = async (documentId: string) =>
    (await strapi.db.query(UIDS.profile).findOne({
      where: { documentId },
      populate: { keys: true, personas: true },
    })) as ProfileRecord | null;
  const findKey = async (documentId: string) =>
    (await strapi.db.query(UIDS.profileKey).findOne({
      where: { documentId },
      populate: { profile: { populate: { personas: true } } },
    })) as ProfileKeyRecord | null;
  /** The profile as it is now (null for a key the Content Manager left without one). */
  const profileNow = async (documentId: string | undefined): Promise<ShapedProfile | null> => {
    const profile = documentId ? await findProfile(documentId) : null;
    return profile ? profileShape(profile) : null;
  };
  const profileOrNotFound = async (documentId: string) => {
    const profile = await findProfile(documentId);
    if (!profile) throw new errors.NotFoundError('No such profile');
    return profile;
  };
  const keyOrNotFound = async (documentId: string) => {
    const key = await findKey(documentId);
    if (!key) throw new errors.NotFoundError('No such profile key');
    return key;
  };

  /** A profile's name is unique, and so is the slug derived from it when it is created (renames keep the slug). */
  async function checkNameFree(name: string, except?: string): Promise<void> {
    const where = except ? { name } : { $or: [{ name }, { slug: slugify(name) }] };
    const rows = (await strapi.db.query(UIDS.profile).findMany({ where })) as ProfileRecord[];
    const clash = rows.find((row) => row.documentId !== except);
    if (clash) throw nameIssue('profile', `a profile named '${clash.name}' exists already`);
  }

  return {
    async list() {
      const rows = (await strapi.db.query(UIDS.profile).findMany({
        populate: { keys: true, personas: true },
        orderBy: { name: 'asc' },
      })) as ProfileRecord[];
      return rows.map(profileShape);
    },

    async create(data: ProfileInput) {
      const slug = slugify(data.name);
      if (!slug) throw nameIssue('profile', 'needs a letter or a digit');
      await checkNameFree(data.name);
      const created = await documents().profiles.create({ data: documentData({ ...data, slug }) });
      return profileNow(created.documentId);
    },

    async update(documentId: string, data: ProfileInput) {
      await profileOrNotFound(documentId);
      await checkNameFree(data.name, documentId);
      await documents().profiles.update({ documentId, data: documentData(data) });
      return profileNow(documentId);
    },

    async delete(documentId: string) {
      const profile = await profileOrNotFound(documentId);
      const keys = profile.keys ?? [];
      const personas = profile.personas ?? [];
      const users = await usage().usersOf({
        profileKeys: keys.map((key) => key.slug),
        personas: personas.map((persona) => persona.slug),
      });
      if (users.length > 0) {
        throw conflict(
          `Profile '${profile.name}' is still used by ${listed(users)}: remove its keys and personas there first`,
          { usedBy: users }
        );
      }
      for (const persona of personas)
        await documents().personas.delete({ documentId: persona.documentId });
      for (const key of keys) await documents().keys.delete({ documentId: key.documentId });
      await documents().profiles.delete({ documentId: profile.documentId });
      return {
        documentId: profile.documentId,
        deletedKeys: keys.length,
        deletedPersonas: personas.length,
      };
    },

    async createKey(profileDocumentId: string, data: ProfileKeyInput) {
      const profile = await profileOrNotFound(profileDocumentId);
      const slug = slugify(data.name);
      if (!slug) throw nameIssue('profile key', 'needs a letter or a digit');
      // key slugs are global: rules and tags name a key without its profile
      const clash = (await strapi.db
        .query(UIDS.profileKey)
        .findOne({ where: { slug }, populate: { profile: true } })) as ProfileKeyRecord | null;
      if (clash)
        throw nameIssue(
          'profile key',
          `a key '${slug}' exists already in profile '${clash.profile?.name ?? '?'}'`
        );
      await documents().keys.create({
        data: documentData({ ...data, slug, profile: profile.documentId }),
      });
      return profileNow(profile.documentId);
    },

    async updateKey(documentId: string, data: ProfileKeyInput) {
      const key = await keyOrNotFound(documentId);
      const outside = await usage().valuesOutside(
        { slug: key.slug, min: data.min, max: data.max },
        key.profile?.personas ?? []
      );
      if (outside.length > 0) {
        throw conflict(
          `'${key.name}' cannot be limited to ${data.min}..${data.max}: ${listed(outside)} lie outside; change those values first`,
          { usedBy: outside }
        );
      }
      await documents().keys.update({ documentId: key.documentId, data: documentData(data) });
      return profileNow(key.profile?.documentId);
    },

    /** Removes the key and the personas' values for it; refused while content tags or rules use it. */
    async deleteKey(documentId: string) {
      const key = await keyOrNotFound(documentId);
      const users = await usage().usersOf({ profileKeys: [key.slug] });
      if (users.length > 0)
        throw conflict(
          `Key '${key.name}' is still used by ${listed(users)}: remove it there first`,
          {
            usedBy: users,
          }
        );
      const personas: PersonaRecord[] = key.profile?.personas ?? [];
      for (const persona of personas) {
        const keyValues = Object.fromEntries(
          Object.entries(persona.keyValues ?? {}).filter(([slug]) => slug !== key.slug)
        );
        await documents().personas.update({
          documentId: persona.documentId,
          data: documentData({ keyValues }),
        });
      }
      await documents().keys.delete({ documentId: key.documentId });
      return profileNow(key.profile?.documentId);
    },
  };
};
