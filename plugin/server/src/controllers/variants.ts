import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import {
  createVariantSchema,
  ruleEditSchema,
  variantMarkersQuerySchema,
} from '../validation/variants';
import { issuesOf } from '../validation/issues';
import { answeringRefusals } from '../refusals';
import { getService } from '../get-service';

/** Admin: the Personalization panel makes a variant of an entry, and enables or reorders the entry's rules. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  answeringRefusals({
    /** Behind 'tag content'; the copy is a new entry, so the admin must also be allowed to create entries of that type. */
    async create(ctx: Context) {
      const parsed = createVariantSchema.safeParse(ctx.request.body);
      if (!parsed.success)
        return ctx.badRequest('Invalid variant request', { errors: issuesOf(parsed.error) });
      const { uid, documentId, locale } = parsed.data;
      const editor = { id: ctx.state.user.id, ability: ctx.state.userAbility };
      const variant = await getService(strapi, 'variants').create(uid, documentId, locale, editor);
      ctx.status = 201;
      ctx.body = { data: variant };
    },

    /** Any admin who may read the type in the Content Manager sees which of its entries are variants. */
    async markers(ctx: Context) {
      const parsed = variantMarkersQuerySchema.safeParse(ctx.query);
      if (!parsed.success)
        return ctx.badRequest('Invalid variant markers query', { errors: issuesOf(parsed.error) });
      ctx.body = {
        data: await getService(strapi, 'variants').markersOf(
          parsed.data.uid,
          ctx.state.userAbility
        ),
      };
    },

    async editRule(ctx: Context) {
      const parsed = ruleEditSchema.safeParse(ctx.request.body);
      if (!parsed.success)
        return ctx.badRequest('Invalid rule edit', { errors: issuesOf(parsed.error) });
      ctx.body = { data: { rules: await getService(strapi, 'rule-sets').editRule(parsed.data) } };
    },
  });
