import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { taggingBodySchema, taggingQuerySchema } from '../validation/tagging';
import { issuesOf } from '../validation/issues';
import { UIDS } from '../uids';
import { getService } from '../get-service';

type Row = Record<string, any>;

/** Admin: what the Content Manager's Personalization panel shows and saves for one entry. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tagOf = (uid: string, documentId: string) =>
    strapi.documents(UIDS.contentTag as any).findFirst({
      filters: { targetUid: uid, targetDocumentId: documentId },
      populate: { goals: true },
    } as any) as Promise<Row | null>;

  return {
    async find(ctx: Context) {
      const parsed = taggingQuerySchema.safeParse(ctx.query);
      if (!parsed.success)
        return ctx.badRequest('Invalid query', { errors: issuesOf(parsed.error) });
      const { uid, documentId, locale } = parsed.data;
      const [profiles, goals, tag, variants, experiments] = await Promise.all([
        strapi.db
          .query(UIDS.profile)
          .findMany({ populate: { keys: true }, orderBy: { name: 'asc' } }) as Promise<Row[]>,
        strapi.db.query(UIDS.goal).findMany({ orderBy: { points: 'desc' } }) as Promise<Row[]>,
        tagOf(uid, documentId),
        getService(strapi, 'variants').describe(uid, documentId, locale),
        strapi.db
          .query(UIDS.experiment)
          .findMany({ where: { baseUid: uid, baseDocumentId: documentId } }) as Promise<Row[]>,
      ]);
      ctx.body = {
        data: {
          profiles: profiles.map((profile) => ({
            slug: profile.slug,
            name: profile.name,
            keys: (profile.keys ?? []).map((key: Row) => ({
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
                goals: (tag.goals ?? []).map((goal: Row) => goal.slug),
              }
            : null,
          ...variants,
          experiments: experiments.map((experiment) => ({
            documentId: experiment.documentId,
            slug: experiment.slug,
            name: experiment.name,
            state: experiment.state,
          })),
        },
      };
    },

    /** Saves the tag (validated like any definition write); a tag without values or goals is removed. */
    async update(ctx: Context) {
      const parsed = taggingBodySchema.safeParse(ctx.request.body);
      if (!parsed.success) return ctx.badRequest('Invalid tag', { errors: issuesOf(parsed.error) });
      const { uid, documentId, goals } = parsed.data;
      const keyValues = Object.fromEntries(
        Object.entries(parsed.data.keyValues).filter(([, value]) => value !== 0)
      );
      const goalRows = (await strapi.db
        .query(UIDS.goal)
        .findMany({ where: { slug: { $in: goals } } })) as Row[];
      const unknown = goals.filter((slug) => !goalRows.some((goal) => goal.slug === slug));
      if (unknown.length > 0) return ctx.badRequest(`Unknown goal(s): ${unknown.join(', ')}`);
      const tags = strapi.documents(UIDS.contentTag as any);
      const existing = await tagOf(uid, documentId);
      const empty = Object.keys(keyValues).length === 0 && goals.length === 0;
      if (empty) {
        if (existing) await tags.delete({ documentId: existing.documentId } as any);
        ctx.body = { data: null };
        return;
      }
      const data = {
        targetUid: uid,
        targetDocumentId: documentId,
        keyValues,
        goals: goalRows.map((goal) => goal.documentId),
      };
      const saved = existing
        ? await tags.update({ documentId: existing.documentId, data } as any)
        : await tags.create({ data } as any);
      ctx.body = { data: { documentId: saved!.documentId, keyValues, goals } };
    },
  };
};
