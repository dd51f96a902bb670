import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import {
  deferredTrackingOf,
  markPersonalized,
  startDeferredTracking,
  trackedRequestOf,
} from '../request-state';
import { identifySchema } from '../validation/identity';
import { issuesOf } from '../validation/issues';
import { getService } from '../get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Server to server (API token): links the visitor in `X-CXM-Visitor` to an e-mail / external id. */
  async identify(ctx: Context) {
    const sender = deferredTrackingOf(ctx);
    const { headerName } = getService(strapi, 'settings').get();
    if (!ctx.get(headerName))
      return ctx.badRequest(`The visitor's signed id is required in the ${headerName} header`);
    if (sender && !sender.visitorId)
      return ctx.badRequest(
        `${headerName} is not a valid signed visitor id (altered, truncated or signed with another secret)`
      );
    if (!sender)
      return ctx.forbidden(
        "This visitor is not tracked (no consent, Do-Not-Track, or a crawler's User-Agent forwarded): nothing is linked"
      );
    const parsed = identifySchema.safeParse(ctx.request.body);
    if (!parsed.success)
      return ctx.badRequest('Invalid identify payload', { errors: issuesOf(parsed.error) });
    const tracked = await startDeferredTracking(ctx, sender);
    const { merged } = await getService(strapi, 'visitors').identify(
      tracked.visitor,
      parsed.data,
      Date.now()
    );
    markPersonalized(tracked);
    ctx.body = { data: { identified: true, merged } };
  },

  /** A tracked link: identifies the contact it was sent to, credits its campaign, redirects to the signed URL only. */
  async redirect(ctx: Context) {
    const link = await getService(strapi, 'tracked-links').follow(ctx.params.token, Date.now());
    if (!link) return ctx.badRequest('Invalid or expired tracked link');
    const tracked = trackedRequestOf(ctx);
    if (tracked) {
      await getService(strapi, 'visitors').followTrackedLink(tracked.visitor, link, Date.now());
      markPersonalized(tracked);
    }
    ctx.redirect(link.url);
  },
});
