/**
 * Which content tags, personas, variant rules, experiments and automations use a profile key,
 * persona or goal, named for the admin's messages (see core/definition-usage.ts).
 */
import type { Core } from '@strapi/strapi';
import {
  automationsReferringGoal,
  holdersOfKeys,
  holdersOutsideRange,
  ruleSetsReferring,
  type AutomationHolder,
} from '../core/definition-usage';
import type { KeyDef } from '../core/scoring';
import type { ContentTagRecord, ExperimentRecord, PersonaRecord, RuleSetRecord } from '../records';
import { UIDS } from '../uids';
import { getService } from '../get-service';
import { contentTypeUid } from './documents';

const personaLabel = (persona: Pick<PersonaRecord, 'name'>) => `persona "${persona.name}"`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contentTags = async () =>
    (await strapi.db.query(UIDS.contentTag).findMany()) as ContentTagRecord[];

  /** e.g. `Page "Limousine"`: the tagged entry as an editor knows it. */
  async function tagLabel(tag: ContentTagRecord): Promise<string> {
    const contentType = strapi.contentType(contentTypeUid(tag.targetUid));
    const title = contentType
      ? (await getService(strapi, 'documents').titlesOf(tag.targetUid, [tag.targetDocumentId])).get(
          tag.targetDocumentId
        )
      : undefined;
    return `${contentType?.info.displayName ?? tag.targetUid} "${title ?? tag.targetDocumentId}"`;
  }

  const knownOf = async () => {
    const defs = await getService(strapi, 'definitions').get();
    return {
      profileKeys: [...defs.profileOfKey.keys()],
      personas: [...defs.personaNames.keys()],
      goals: [...defs.goals.keys()],
    };
  };

  return {
    /** Variant rules, experiments, automations and content tags that name the goal. */
    async usersOfGoal(slug: string): Promise<string[]> {
      const [ruleSets, experiments, automations, tags, known] = await Promise.all([
        strapi.db.query(UIDS.variantRule).findMany() as Promise<RuleSetRecord[]>,
        strapi.db.query(UIDS.experiment).findMany() as Promise<ExperimentRecord[]>,
        strapi.db.query(UIDS.automation).findMany() as Promise<
          Array<AutomationHolder & { name: string }>
        >,
        strapi.db.query(UIDS.contentTag).findMany({ where: { goals: { slug } } }) as Promise<
          ContentTagRecord[]
        >,
        knownOf(),
      ]);
      return [
        ...ruleSetsReferring(ruleSets, known, { goals: [slug] }).map(
          (set) => `variant rules "${set.name ?? set.baseDocumentId}"`
        ),
        ...experiments
          .filter((experiment) => (experiment.successGoals ?? []).includes(slug))
          .map((experiment) => `experiment "${experiment.name}"`),
        ...automationsReferringGoal(automations, known, slug).map(
          (automation) => `automation "${automation.name}"`
        ),
        ...(await Promise.all(tags.map(tagLabel))),
      ];
    },

    /** Content tags that give the keys a value and variant rules that name the keys or personas. */
    async usersOf(removed: { profileKeys?: string[]; personas?: string[] }): Promise<string[]> {
      const [tags, ruleSets, known] = await Promise.all([
        contentTags(),
        strapi.db.query(UIDS.variantRule).findMany() as Promise<RuleSetRecord[]>,
        knownOf(),
      ]);
      return [
        ...(await Promise.all(holdersOfKeys(tags, removed.profileKeys ?? []).map(tagLabel))),
        ...ruleSetsReferring(ruleSets, known, removed).map(
          (set) => `variant rules "${set.name ?? set.baseDocumentId}"`
        ),
      ];
    },

    /** Content tags and the given personas whose value for the key lies outside its (new) range. */
    async valuesOutside(key: KeyDef, personas: PersonaRecord[]): Promise<string[]> {
      return [
        ...holdersOutsideRange(personas, key).map(
          ({ holder, value }) => `${personaLabel(holder)} (${value})`
        ),
        ...(await Promise.all(
          holdersOutsideRange(await contentTags(), key).map(
            async ({ holder, value }) => `${await tagLabel(holder)} (${value})`
          )
        )),
      ];
    },
  };
};
