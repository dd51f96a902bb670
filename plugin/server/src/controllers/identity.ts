import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { personalizationOf } from '../middlewares/visitor';
import { identifySchema } from '../validation/identity';
import { verifyLink } from '../core/links';
import { issuesOf } from '../validation/issues';
import { getService } from '../get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    /** Server to server (API token): links the visitor in `X-CXM-Visitor` to an e-mail / external id. */
    async identify(ctx: Context) {
      const request = personalizationOf(ctx);
      if (!request?.idPresented) {
        return ctx.badRequest(
          `The visitor's signed id is required in the ${getService(strapi, 'settings').get().headerName} header`
        );
      }
      const parsed = identifySchema.safeParse(ctx.request.body);
      if (!parsed.success) {
        return ctx.badRequest('Invalid identify payload', {
          errors: issuesOf(parsed.error),
        });
      }
      const { merged } = await getService(strapi, 'tracking').identify(
        request.visitor,
        parsed.data,
        Date.now()
      );
      request.personalized = true;
      ctx.body = { data: { identified: true, merged } };
    },

    /** A tracked link: identifies the contact it was sent to, credits its campaign, redirects to the signed URL only. */
    async redirect(ctx: Context) {
      const { secret } = getService(strapi, 'settings').get();
      const link = verifyLink(ctx.params.token, secret, Date.now());
      if (!link) return ctx.badRequest('Invalid or expired tracked link');
      const request = personalizationOf(ctx);
      if (request) {
        const tracking = getService(strapi, 'tracking');
        if (link.contact) await tracking.adoptContact(request.visitor, link.contact, Date.now());
        await tracking.startCampaignVisit(request.visitor, link.campaign, Date.now());
        request.personalized = true;
      }
      ctx.redirect(link.url);
    },
  };
};
