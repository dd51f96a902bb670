/**
 * Which content tags, personas and variant rules use a profile key or persona, named for the
 * admin's messages (see core/definition-usage.ts).
 */
import type { Core } from '@strapi/strapi';
import { holdersOfKeys, holdersOutsideRange, ruleSetsReferring } from '../core/definition-usage';
import type { KeyDef } from '../core/scoring';
import type { Definitions } from './definitions';
import { UIDS } from '../uids';
import { getService } from '../get-service';

type Row = Record<string, any>;

export const personaLabel = (persona: Row) => `persona "${persona.name}"`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** e.g. `Page "Limousine"`: the tagged entry as an editor knows it. */
  async function tagLabel(tag: Row): Promise<string> {
    const contentType = strapi.contentType(tag.targetUid as any);
    const entry = contentType
      ? ((await strapi.db
          .query(tag.targetUid)
          .findOne({ where: { documentId: tag.targetDocumentId } })) as Row | null)
      : null;
    const title = entry?.title ?? entry?.name ?? entry?.slug ?? tag.targetDocumentId;
    return `${contentType?.info.displayName ?? tag.targetUid} "${title}"`;
  }

  return {
    /** Content tags that give the keys a value and variant rules that name the keys or personas. */
    async usersOf(removed: { profileKeys?: string[]; personas?: string[] }): Promise<string[]> {
      const [tags, ruleSets, defs] = await Promise.all([
        strapi.db.query(UIDS.contentTag).findMany() as Promise<Row[]>,
        strapi.db.query(UIDS.variantRule).findMany() as Promise<Row[]>,
        getService(strapi, 'definitions').get() as Promise<Definitions>,
      ]);
      const known = {
        profileKeys: [...defs.profileOfKey.keys()],
        personas: [...defs.personaNames.keys()],
        goals: [...defs.goals.keys()],
      };
      return [
        ...(await Promise.all(holdersOfKeys(tags, removed.profileKeys ?? []).map(tagLabel))),
        ...ruleSetsReferring(ruleSets, known, removed).map(
          (set) => `variant rules "${set.name ?? set.baseDocumentId}"`
        ),
      ];
    },

    /** Content tags and the given personas whose value for the key lies outside its (new) range. */
    async valuesOutside(key: KeyDef, personas: Row[]): Promise<string[]> {
      const tags = (await strapi.db.query(UIDS.contentTag).findMany()) as Row[];
      return [
        ...holdersOutsideRange(personas, key).map(
          ({ holder, value }) => `${personaLabel(holder)} (${value})`
        ),
        ...(await Promise.all(
          holdersOutsideRange(tags, key).map(
            async ({ holder, value }) => `${await tagLabel(holder)} (${value})`
          )
        )),
      ];
    },
  };
};
