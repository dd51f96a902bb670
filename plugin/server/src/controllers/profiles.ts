import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { parseInput } from '../validation/issues';
import { profileKeySchema, profileSchema } from '../validation/profiles';
import { answeringRefusals } from '../refusals';
import { getService } from '../get-service';

/** Admin: profiles and their keys. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const profiles = () => getService(strapi, 'profiles');
  const parseProfile = (ctx: Context) =>
    parseInput(ctx, profileSchema, ctx.request.body, 'profile');
  const parseKey = (ctx: Context) =>
    parseInput(ctx, profileKeySchema, ctx.request.body, 'profile key');

  return answeringRefusals({
    async find(ctx: Context) {
      ctx.body = { data: await profiles().list() };
    },

    async create(ctx: Context) {
      const data = parseProfile(ctx);
      if (!data) return;
      const created = await profiles().create(data);
      ctx.status = 201;
      ctx.body = { data: created };
    },

    async update(ctx: Context) {
      const data = parseProfile(ctx);
      if (!data) return;
      ctx.body = { data: await profiles().update(ctx.params.documentId, data) };
    },

    async delete(ctx: Context) {
      ctx.body = { data: await profiles().delete(ctx.params.documentId) };
    },

    async createKey(ctx: Context) {
      const data = parseKey(ctx);
      if (!data) return;
      const profile = await profiles().createKey(ctx.params.documentId, data);
      ctx.status = 201;
      ctx.body = { data: profile };
    },

    async updateKey(ctx: Context) {
      const data = parseKey(ctx);
      if (!data) return;
      ctx.body = { data: await profiles().updateKey(ctx.params.documentId, data) };
    },

    /** Removes the key and the personas' values for it; refused while content tags or rules use it. */
    async deleteKey(ctx: Context) {
      ctx.body = { data: await profiles().deleteKey(ctx.params.documentId) };
    },
  });
};
