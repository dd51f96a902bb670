/** Strapi's name for the API-token auth strategy: `content-api-token` since 5.x, `api-token` before. */
const API_TOKEN_STRATEGIES = new Set(['content-api-token', 'api-token']);

/** Server-to-server routes: only a Strapi API token may call them, never a browser or a user JWT. */
export default (policyContext: { state: { auth?: { strategy?: { name?: string } } } }) =>
  API_TOKEN_STRATEGIES.has(policyContext.state.auth?.strategy?.name ?? '');
