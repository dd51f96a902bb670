import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { consentSchema } from '../validation/settings';
import { pendingConsentOf, personalizationOf, refuseTracking } from '../middlewares/visitor';
import { issuesOf } from '../validation/issues';
import { getService } from '../get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * `POST /api/cxm/consent`: `none` stops tracking (the cookie goes, the refusal is remembered);
   * `analytics` or `personalization` tracks the visitor from this request on, which in opt-in
   * mode is the first time anything is stored. Bots and visitors whose browser asks not to be
   * tracked (Do-Not-Track, Global Privacy Control, when honoured) stay untracked.
   */
  async update(ctx: Context) {
    const parsed = consentSchema.safeParse(ctx.request.body);
    if (!parsed.success) {
      return ctx.badRequest(
        'Invalid consent: send {"consent": "none" | "analytics" | "personalization"}',
        {
          errors: issuesOf(parsed.error),
        }
      );
    }
    const { consent } = parsed.data;
    const tracking = getService(strapi, 'tracking');
    const now = Date.now();
    let request = personalizationOf(ctx);
    if (consent === 'none') {
      // a known visitor's withdrawal is kept on record; a visitor first seen by this request leaves nothing behind
      if (request?.idPresented) tracking.setConsent(request.visitor, consent, now);
      else if (request) await tracking.erase(request.visitor.contact.visitorId);
      refuseTracking(ctx, getService(strapi, 'settings').get());
      ctx.body = { data: { consent, tracked: false } };
      return;
    }
    const pending = pendingConsentOf(ctx);
    if (!request && pending) request = await pending.start(consent);
    if (request) tracking.setConsent(request.visitor, consent, now);
    ctx.body = { data: { consent, tracked: !!request } };
  },
});
