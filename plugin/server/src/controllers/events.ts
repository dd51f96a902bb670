import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { deferredTrackingOf, markPersonalized, startDeferredTracking } from '../request-state';
import { eventBatchSchema } from '../validation/events';
import { issuesOf } from '../validation/issues';
import {
  ANONYMOUS_EVENTS_PER_ADDRESS_MINUTE,
  EVENTS_PER_MINUTE,
  EventsNotStored,
} from '../services/visitors/events';
import { getService } from '../get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `POST /api/cxm/events`: a batch of up to 50 view / goal events from the frontend, answered once stored. */
  async create(ctx: Context) {
    const sender = deferredTrackingOf(ctx);
    if (!sender)
      return ctx.forbidden('This visitor is not tracked (no consent, Do-Not-Track or a bot)');
    const batch = eventBatchSchema.safeParse(ctx.request.body);
    if (!batch.success)
      return ctx.badRequest('Invalid event batch', { errors: issuesOf(batch.error) });
    const visitorEvents = getService(strapi, 'visitor-events');
    if (!visitorEvents.admit(sender, batch.data.events.length, Date.now()))
      return ctx.tooManyRequests(
        sender.visitorId
          ? `At most ${EVENTS_PER_MINUTE} events per minute per visitor`
          : `At most ${ANONYMOUS_EVENTS_PER_ADDRESS_MINUTE} events per minute per address from senders without a visitor id`
      );
    const checked = await visitorEvents.check(batch.data.events, Date.now());
    if (checked.every((entry) => !('event' in entry)))
      return ctx.badRequest('No event of the batch can be kept', { events: checked });
    const tracked = await startDeferredTracking(ctx, sender);
    let outcome;
    try {
      outcome = await visitorEvents.accept(tracked.visitor, checked, Date.now());
    } catch (error) {
      if (!(error instanceof EventsNotStored)) throw error;
      // Strapi hides the message of a thrown 5xx; a client needs to know it may send the batch again
      ctx.status = 503;
      ctx.set('Retry-After', '1');
      ctx.body = {
        data: null,
        error: {
          status: 503,
          name: 'ServiceUnavailableError',
          message: error.message,
          details: {},
        },
      };
      return;
    }
    markPersonalized(tracked);
    ctx.body = { data: outcome };
  },
});
