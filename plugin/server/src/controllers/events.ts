import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { markPersonalized, trackedRequestOf } from '../request-state';
import { eventBatchSchema } from '../validation/events';
import { issuesOf } from '../validation/issues';
import { EVENTS_PER_MINUTE } from '../services/visitors/events';
import { getService } from '../get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** `POST /api/cxm/events`: a batch of up to 50 view / goal events from the frontend. */
  async create(ctx: Context) {
    const tracked = trackedRequestOf(ctx);
    if (!tracked)
      return ctx.forbidden('This visitor is not tracked (no consent, Do-Not-Track or a bot)');
    const batch = eventBatchSchema.safeParse(ctx.request.body);
    if (!batch.success)
      return ctx.badRequest('Invalid event batch', { errors: issuesOf(batch.error) });
    const outcome = await getService(strapi, 'visitor-events').accept(
      tracked.visitor,
      batch.data.events,
      Date.now()
    );
    if (!outcome)
      return ctx.tooManyRequests(`At most ${EVENTS_PER_MINUTE} events per minute per visitor`);
    markPersonalized(tracked);
    ctx.body = { data: outcome };
  },
});
