import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { markPersonalized, trackedRequestOf } from '../request-state';
import { getService } from '../get-service';

/** What `/context` says of a visitor who is not tracked. */
const UNTRACKED = {
  tracked: false,
  personas: [],
  topInterests: [],
  visit: null,
  geo: null,
  identified: false,
} as const;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The visitor's non-personal context for client-side rendering: no ids, no raw scores. */
  async find(ctx: Context) {
    const tracked = trackedRequestOf(ctx);
    if (!tracked) {
      ctx.body = { data: UNTRACKED };
      return;
    }
    markPersonalized(tracked);
    ctx.body = { data: await getService(strapi, 'visitors').publicContext(tracked.visitor) };
  },
});
