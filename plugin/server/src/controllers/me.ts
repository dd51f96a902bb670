import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { forgetVisitor, markPersonalized, trackedRequestOf } from '../request-state';
import { getService } from '../get-service';

/** The visitor's own data (`/api/cxm/me`): what the visitor's signed id (cookie or header) points at, and nothing else. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `GET /me`: everything stored about this visitor, as JSON. */
  async export(ctx: Context) {
    const tracked = trackedRequestOf(ctx);
    if (!tracked?.idPresented) return ctx.notFound('No visitor id was presented');
    markPersonalized(tracked);
    ctx.set('Content-Disposition', 'attachment; filename="cxm-me.json"');
    ctx.body = {
      data: await getService(strapi, 'tracking').exportVisitor(tracked.visitor.contact.visitorId),
    };
  },

  /** `DELETE /me`: erases everything stored about this visitor and removes the cookie. */
  async erase(ctx: Context) {
    const tracked = trackedRequestOf(ctx);
    const erased = tracked?.idPresented
      ? await getService(strapi, 'tracking').erase(tracked.visitor.contact.visitorId)
      : null;
    forgetVisitor(ctx);
    ctx.body = { data: { erased: erased ?? { contacts: 0, visits: 0, interactions: 0 } } };
  },
});
