/** What the Content Manager's Personalization panel shows and saves for one entry. */
import type { Core } from '@strapi/strapi';
import {
  documentData,
  type ContentTagRecord,
  type ExperimentRecord,
  type GoalRecord,
  type ProfileRecord,
} from '../records';
import { badRequest } from '../refusals';
import type { TaggingQuery, TagInput } from '../validation/tagging';
import { UIDS } from '../uids';
import { getService } from '../get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tags = () => strapi.documents(UIDS.contentTag);
  const tagOf = async (uid: string, documentId: string) =>
    (await tags().findFirst({
      filters: { targetUid: uid, targetDocumentId: documentId },
      populate: { goals: true },
    })) as ContentTagRecord | null;

  return {
    /** The entry's tag, its rules and experiments, with the profiles and goals to choose from. */
    async panel({ uid, documentId, locale }: TaggingQuery) {
      const [profiles, goals, tag, variants, experiments] = await Promise.all([
        strapi.db
          .query(UIDS.profile)
          .findMany({ populate: { keys: true }, orderBy: { name: 'asc' } }) as Promise<
          ProfileRecord[]
        >,
        strapi.db.query(UIDS.goal).findMany({ orderBy: { points: 'desc' } }) as Promise<
          GoalRecord[]
        >,
        tagOf(uid, documentId),
        getService(strapi, 'variants').describe(uid, documentId, locale),
        strapi.db
          .query(UIDS.experiment)
          .findMany({ where: { baseUid: uid, baseDocumentId: documentId } }) as Promise<
          ExperimentRecord[]
        >,
      ]);
      return {
        profiles: profiles.map((profile) => ({
          slug: profile.slug,
          name: profile.name,
          keys: (profile.keys ?? []).map((key) => ({
            slug: key.slug,
            name: key.name,
            min: Number(key.min),
            max: Number(key.max),
          })),
        })),
        goals: goals.map((goal) => ({ slug: goal.slug, name: goal.name, points: goal.points })),
        tag: tag
          ? {
              keyValues: tag.keyValues ?? {},
              goals: (tag.goals ?? []).map((goal) => goal.slug),
            }
          : null,
        ...variants,
        experiments: experiments.map((experiment) => ({
          documentId: experiment.documentId,
          slug: experiment.slug,
          name: experiment.name,
          state: experiment.state,
        })),
      };
    },

    /** Saves the tag (validated like any definition write); a tag without values or goals is removed (null). */
    async save({ uid, documentId, keyValues: given, goals }: TagInput) {
      const keyValues = Object.fromEntries(
        Object.entries(given).filter(([, value]) => value !== 0)
      );
      const goalRows = (await strapi.db
        .query(UIDS.goal)
        .findMany({ where: { slug: { $in: goals } } })) as GoalRecord[];
      const unknown = goals.filter((slug) => !goalRows.some((goal) => goal.slug === slug));
      if (unknown.length > 0) throw badRequest(`Unknown goal(s): ${unknown.join(', ')}`);
      const existing = await tagOf(uid, documentId);
      if (Object.keys(keyValues).length === 0 && goals.length === 0) {
        if (existing) await tags().delete({ documentId: existing.documentId });
        return null;
      }
      const data = documentData({
        targetUid: uid,
        targetDocumentId: documentId,
        keyValues,
        goals: goalRows.map((goal) => goal.documentId),
      });
      const saved = existing
        ? await tags().update({ documentId: existing.documentId, data })
        : await tags().create({ data });
      return { documentId: saved!.documentId, keyValues, goals };
    },
  };
};
