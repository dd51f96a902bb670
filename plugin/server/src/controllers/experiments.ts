import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { promoteSchema } from '../validation/experiments';
import { answeringRefusals } from '../refusals';
import { getService } from '../get-service';

/** Admin: results of an experiment (exposures and goals after exposure), and promoting its winner. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const experiments = () => getService(strapi, 'experiments');

  return answeringRefusals({
    async find(ctx: Context) {
      ctx.body = { data: await experiments().list() };
    },

    async results(ctx: Context) {
      ctx.body = { data: await experiments().results(ctx.params.documentId) };
    },

    /** Completes the experiment with a winner; a winning variant document becomes the base document's default variant. */
    async promote(ctx: Context) {
      const parsed = promoteSchema.safeParse(ctx.request.body);
      if (!parsed.success) return ctx.badRequest('Body must be { "variant": "<variant key>" }');
      const { documentId } = ctx.params;
      ctx.body = {
        data: await getService(strapi, 'rule-sets').promoteWinner(documentId, parsed.data.variant),
      };
    },
  });
};
