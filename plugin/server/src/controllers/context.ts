import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { personalizationOf } from '../middlewares/visitor';
import { averageScores } from '../core/scoring';
import type { Definitions } from '../services/definitions';
import { getService } from '../get-service';

/** How many interests `/context` names; enough to render, too few to profile anyone. */
const TOP_INTERESTS = 3;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The visitor's non-personal context for client-side rendering: no ids, no raw scores. */
  async find(ctx: Context) {
    const request = personalizationOf(ctx);
    if (!request) {
      ctx.body = {
        data: {
          tracked: false,
          personas: [],
          topInterests: [],
          visit: null,
          geo: null,
          identified: false,
        },
      };
      return;
    }
    request.personalized = true;
    const defs: Definitions = await getService(strapi, 'definitions').get();
    const { contact, visit } = request.visitor;
    const personas = Object.entries(contact.personas)
      .filter(([, match]) => match)
      .map(([profile, match]) => ({
        profile,
        slug: match!.persona,
        name: defs.personaNames.get(match!.persona) ?? match!.persona,
      }));
    const interests = defs.profiles
      .flatMap((profile) => Object.entries(averageScores(contact.profiles[profile.slug], profile)))
      .filter(([, average]) => average > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_INTERESTS)
      .map(([slug]) => ({ slug, name: defs.keyNames.get(slug) ?? slug }));
    ctx.body = {
      data: {
        tracked: true,
        personas,
        topInterests: interests,
        visit: {
          number: visit.number,
          returning: visit.number > 1,
          channel: visit.channel,
          campaign: visit.campaign,
          device: visit.device,
        },
        geo: visit.geo
          ? {
              country: visit.geo.country ?? null,
              region: visit.geo.region ?? null,
              city: visit.geo.city ?? null,
            }
          : null,
        identified: contact.identified,
        consent: contact.consent,
      },
    };
  },
});
