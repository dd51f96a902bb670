import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { contactsQuerySchema } from '../validation/contacts';
import { isVisitorId } from '../core/signing';
import { parseInput } from '../validation/issues';
import { getService } from '../get-service';

const NOT_A_VISITOR_ID = 'A contact is addressed by its visitor id (a UUID)';

/** Admin: contacts with search, one contact's profile and timeline, and erasure. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contacts = () => getService(strapi, 'contacts');

  return {
    async find(ctx: Context) {
      const query = parseInput(ctx, contactsQuerySchema, ctx.query, 'contacts query');
      if (!query) return;
      const { contacts: data, pagination, personas } = await contacts().search(query);
      ctx.body = { data, meta: { pagination, personas } };
    },

    async findOne(ctx: Context) {
      const { visitorId } = ctx.params;
      if (!isVisitorId(visitorId)) return ctx.badRequest(NOT_A_VISITOR_ID);
      ctx.body = { data: await contacts().detail(visitorId) };
    },

    async erase(ctx: Context) {
      const { visitorId } = ctx.params;
      if (!isVisitorId(visitorId)) return ctx.badRequest(NOT_A_VISITOR_ID);
      ctx.body = { data: await contacts().erase(visitorId) };
    },
  };
};
