/**
 * The Content API auth strategy of the plugin's visitor routes (context, events, consent, `/me`,
 * tracked links): a request without credentials is a visitor of the site, whom these routes
 * serve by design (consent, Do-Not-Track, the bot filter and the rate limits govern what is
 * stored). It is authorized without reading anything, so the Public role needs none of the
 * plugin's permissions: users-permissions reads the Public role's permissions and builds an
 * ability from them on every anonymous request of the whole Content API, and each permission
 * the plugin granted there made every page read pay for it. A request with credentials (API
 * token, user JWT) is left to Strapi's strategies named after this one in the route's config,
 * and their permissions apply.
 */
export interface VisitorStrategy {
  name: string;
  authenticate(ctx: { request: { header: Record<string, unknown> } }): {
    authenticated: boolean;
    credentials?: null;
  };
  verify(): void;
}

export const visitorStrategy: VisitorStrategy = {
  name: 'cxm-visitor',

  authenticate(ctx) {
    return ctx.request.header.authorization
      ? { authenticated: false }
      : { authenticated: true, credentials: null };
  },

  // every route of this strategy is open to visitors
  verify() {},
};

/**
 * The auth config of a visitor route: visitors through this strategy, credentials through
 * Strapi's own. One object per route: Strapi writes the route's scope into it.
 */
export const visitorAuth = () => ({
  strategies: [visitorStrategy, 'content-api-token', 'users-permissions'],
});
