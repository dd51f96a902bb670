import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { createVariantSchema, ruleEditSchema } from '../validation/variants';
import { issuesOf } from '../validation/issues';
import { getService } from '../get-service';

/** Admin: the Personalization panel makes a variant of an entry, and enables or reorders the entry's rules. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const variants = () => getService(strapi, 'variants');

  return {
    /** Behind 'tag content'; the copy is a new entry, so the admin must also be allowed to create entries of that type. */
    async create(ctx: Context) {
      const parsed = createVariantSchema.safeParse(ctx.request.body);
      if (!parsed.success)
        return ctx.badRequest('Invalid variant request', { errors: issuesOf(parsed.error) });
      const { uid, documentId, locale } = parsed.data;
      await variants().checkBase(uid, documentId);
      const permissions = strapi
        .plugin('content-manager')
        .service('permission-checker')
        .create({ userAbility: ctx.state.userAbility, model: uid });
      if (permissions.cannot.create()) return ctx.forbidden(`You may not create entries of ${uid}`);
      ctx.status = 201;
      ctx.body = { data: await variants().create(uid, documentId, locale, ctx.state.user.id) };
    },

    async editRule(ctx: Context) {
      const parsed = ruleEditSchema.safeParse(ctx.request.body);
      if (!parsed.success)
        return ctx.badRequest('Invalid rule edit', { errors: issuesOf(parsed.error) });
      ctx.body = { data: { rules: await variants().editRule(parsed.data) } };
    },
  };
};
