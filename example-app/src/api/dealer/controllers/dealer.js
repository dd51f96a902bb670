'use strict';

const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreController('api::dealer.dealer', ({ strapi }) => ({
  /** `GET /api/dealers/nearest`: every dealer, the nearest to the visitor first ("a dealer near you"). */
  async nearest(ctx) {
    const dealers = await strapi.documents('api::dealer.dealer').findMany({ limit: 500 });
    const sanitized = await this.sanitizeOutput(dealers, ctx);
    ctx.body = { data: strapi.plugin('cxm').service('geoip').nearestToVisitor(ctx, sanitized) };
  },
}));
