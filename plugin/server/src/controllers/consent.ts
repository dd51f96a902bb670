import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { consentSchema } from '../validation/settings';
import {
  deferredTrackingOf,
  pendingConsentOf,
  refuseTracking,
  startDeferredTracking,
} from '../request-state';
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
        { errors: issuesOf(parsed.error) }
      );
    }
    const { consent } = parsed.data;
    const deferred = deferredTrackingOf(ctx);
    // a first-time visitor who refuses is never tracked: nothing of it is stored or counted
    const request =
      deferred && (consent !== 'none' || deferred.visitorId)
        ? await startDeferredTracking(ctx, deferred)
        : undefined;
    const tracked = await getService(strapi, 'visitors').giveConsent(
      consent,
      request,
      pendingConsentOf(ctx),
      Date.now()
    );
    if (consent === 'none') refuseTracking(ctx);
    ctx.body = { data: { consent, tracked } };
  },
});
