import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { contactsQuerySchema } from '../validation/contacts';
import { isVisitorId } from '../core/signing';
import { UIDS } from '../uids';

const LIST_FIELDS = ['visitorId', 'identified', 'email', 'externalId', 'engagementValue', 'visitCount', 'personas', 'firstSeenAt', 'lastSeenAt'];
const TIMELINE_LIMIT = 200;

/** Admin: contacts with search, and one contact's timeline (visits, views, goals, persona changes). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const parsed = contactsQuerySchema.safeParse(ctx.query);
    if (!parsed.success) return ctx.badRequest('Invalid contacts query', { errors: parsed.error.issues });
    const { q, page, pageSize } = parsed.data;
    await strapi.plugin('cxm').service('tracking').flush();
    const search = q?.trim();
    const where = {
      mergedInto: null,
      ...(search ? { $or: [{ email: { $containsi: search } }, { externalId: { $containsi: search } }, { visitorId: { $startsWith: search } }] } : {}),
    };
    const [results, total] = await Promise.all([
      strapi.db.query(UIDS.contact).findMany({ where, select: LIST_FIELDS, orderBy: { lastSeenAt: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
      strapi.db.query(UIDS.contact).count({ where }),
    ]);
    ctx.body = { data: results, meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } } };
  },

  async findOne(ctx: Context) {
    const { visitorId } = ctx.params;
    if (!isVisitorId(visitorId)) return ctx.badRequest('A contact is addressed by its visitor id (a UUID)');
    await strapi.plugin('cxm').service('tracking').flush();
    const contact = await strapi.db.query(UIDS.contact).findOne({ where: { visitorId } });
    if (!contact) return ctx.notFound('No such contact');
    const [visits, interactions] = await Promise.all([
      strapi.db.query(UIDS.visit).findMany({ where: { contactId: visitorId }, orderBy: { startedAt: 'desc' }, limit: TIMELINE_LIMIT }),
      strapi.db.query(UIDS.interaction).findMany({ where: { contactId: visitorId }, orderBy: { occurredAt: 'desc' }, limit: TIMELINE_LIMIT }),
    ]);
    ctx.body = { data: { contact, visits, timeline: interactions } };
  },
});
