import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { markPersonalized, trackedRequestOf } from '../request-state';
import { identifySchema } from '../validation/identity';
import { verifyLink } from '../core/links';
import { issuesOf } from '../validation/issues';
import { getService } from '../get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Server to server (API token): links the visitor in `X-CXM-Visitor` to an e-mail / external id. */
  async identify(ctx: Context) {
    const tracked = trackedRequestOf(ctx);
    if (!tracked?.idPresented) {
      return ctx.badRequest(
        `The visitor's signed id is required in the ${getService(strapi, 'settings').get().headerName} header`
      );
    }
    const parsed = identifySchema.safeParse(ctx.request.body);
    if (!parsed.success)
      return ctx.badRequest('Invalid identify payload', { errors: issuesOf(parsed.error) });
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
    const { secrets } = getService(strapi, 'settings').get();
    const link = verifyLink(ctx.params.token, secrets, Date.now());
    if (!link) return ctx.badRequest('Invalid or expired tracked link');
    const tracked = trackedRequestOf(ctx);
    if (tracked) {
      await getService(strapi, 'visitors').followTrackedLink(tracked.visitor, link, Date.now());
      markPersonalized(tracked);
    }
    ctx.redirect(link.url);
  },
});
