/** Personas (pattern cards), each with one value per key of its profile. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { slugify } from '../core/slug';
import { documentData, type PersonaRecord, type ProfileRecord } from '../records';
import { conflict, invalid } from '../refusals';
import {
  personaValueIssues,
  type NewPersonaInput,
  type PersonaInput,
} from '../validation/profiles';
import { UIDS } from '../uids';
import { getService } from '../get-service';
import { keysOf } from './profiles';

/** A persona with a value for every key of its profile (a key it does not name counts as the key's minimum). */
const personaShape = (row: PersonaRecord) => {
  const keys = row.profile ? keysOf(row.profile) : [];
  return {
    documentId: row.documentId,
    slug: row.slug,
    name: row.name,
    description: row.description ?? null,
    profile: row.profile?.documentId ?? null,
    keyValues: Object.fromEntries(
      keys.map((key) => {
        const value = row.keyValues?.[key.slug];
        return [key.slug, typeof value === 'number' ? value : key.min];
      })
    ),
  };
};

const WITH_PROFILE = { profile: { populate: { keys: true } } };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const personas = () => strapi.documents(UIDS.persona);
  const findPersona = async (documentId: string) =>
    (await strapi.db
      .query(UIDS.persona)
      .findOne({ where: { documentId }, populate: WITH_PROFILE })) as PersonaRecord | null;
  const personaOrNotFound = async (documentId: string) => {
    const persona = await findPersona(documentId);
    if (!persona) throw new errors.NotFoundError('No such persona');
    return persona;
  };
  /** The persona as it is after a write. */
  const personaNow = async (documentId: string) =>
    personaShape((await findPersona(documentId)) as PersonaRecord);

  return {
    /** All personas, or those of one profile, by name. */
    async list(profile?: string) {
      const rows = (await strapi.db.query(UIDS.persona).findMany({
        where: profile ? { profile: { documentId: profile } } : {},
        populate: WITH_PROFILE,
        orderBy: { name: 'asc' },
      })) as PersonaRecord[];
      return rows.map(personaShape);
    },

    async create(data: NewPersonaInput) {
      const profile = (await strapi.db.query(UIDS.profile).findOne({
        where: { documentId: data.profile },
        populate: { keys: true },
      })) as ProfileRecord | null;
      if (!profile)
        throw invalid('persona', [
          { path: 'profile', message: `unknown profile '${data.profile}'` },
        ]);
      const issues = personaValueIssues(data.keyValues, keysOf(profile));
      const slug = data.slug ?? slugify(data.name);
      if (!slug) issues.push({ path: 'name', message: 'needs a letter or a digit' });
      else if (await strapi.db.query(UIDS.persona).findOne({ where: { slug } }))
        issues.push({ path: 'slug', message: `a persona '${slug}' exists already` });
      if (issues.length > 0) throw invalid('persona', issues);
      const created = await personas().create({
        data: documentData({ ...data, slug, profile: profile.documentId }),
      });
      return personaNow(created.documentId);
    },

    /** Name, description and values; the profile and slug stay (rules name the slug). */
    async update(documentId: string, data: PersonaInput) {
      const existing = await personaOrNotFound(documentId);
      const issues = personaValueIssues(
        data.keyValues,
        existing.profile ? keysOf(existing.profile) : []
      );
      if (issues.length > 0) throw invalid('persona', issues);
      await personas().update({ documentId: existing.documentId, data: documentData(data) });
      return personaNow(existing.documentId);
    },

    /** Refused while variant rules name the persona: they would be skipped at serve time. */
    async delete(documentId: string) {
      const existing = await personaOrNotFound(documentId);
      const users = await getService(strapi, 'definition-usage').usersOf({
        personas: [existing.slug],
      });
      if (users.length > 0)
        throw conflict(
          `Persona '${existing.name}' is still used by ${users.join(', ')}: change those rules first`,
          { usedBy: users }
        );
      await personas().delete({ documentId: existing.documentId });
      return { documentId: existing.documentId };
    },
  };
};
