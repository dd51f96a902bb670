'use strict';

const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreController('api::page.page', ({ strapi }) => ({
  /**
   * `GET /api/pages/by-slug/:slug`: the published page with that slug, read as an app's own
   * controller reads a document (`findFirst`); the plugin serves the visitor's variant in it.
   */
  async bySlug(ctx) {
    const page = await strapi
      .documents('api::page.page')
      .findFirst({ filters: { slug: ctx.params.slug }, status: 'published' });
    if (!page) return ctx.notFound();
    ctx.body = { data: await this.sanitizeOutput(page, ctx) };
  },
}));
