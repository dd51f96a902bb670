/**
 * A Content API auth strategy for the plugin's high-volume public route (`POST /events`): an
 * anonymous request is authorized with the Public role's permissions, as users-permissions
 * authorizes it, but from an ability built once and kept until a permission or role changes
 * (on this instance at once; other instances within CACHE_TTL_MS). users-permissions instead
 * reads the role's permissions and builds a CASL ability on every request, which cost a third
 * of the server's time per batch of events. A request with credentials (API token, user JWT)
 * is left to Strapi's own strategies, named after this one in the route's config.
 */
import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';

const CACHE_TTL_MS = 5_000;

/** What this strategy asks of the CASL ability Strapi builds: may the action be done (no subject). */
interface Ability {
  can(action: string, ...subjectAndField: never[]): boolean;
}

export interface PublicRoleStrategy {
  name: string;
  authenticate(ctx: {
    request: { header: Record<string, unknown> };
  }): Promise<{ authenticated: boolean; credentials?: null; ability?: Ability }>;
  verify(auth: { ability?: Ability | null }, config: { scope?: string | string[] }): void;
  /** Forget the cached ability: the Public role's permissions changed. */
  invalidate(): void;
}

export function createPublicRoleStrategy(getStrapi: () => Core.Strapi): PublicRoleStrategy {
  let cached: { ability: Ability | null; expiresAt: number } | undefined;
  let generation = 0;

  async function publicAbility(): Promise<Ability | null> {
    if (cached && cached.expiresAt > Date.now()) return cached.ability;
    const strapi = getStrapi();
    const startedIn = generation;
    const permissionService = strapi.plugin('users-permissions').service('permission');
    const permissions = (await permissionService.findPublicPermissions()).map(
      permissionService.toContentAPIPermission
    );
    const ability: Ability | null =
      permissions.length === 0
        ? null
        : await strapi.contentAPI.permissions.engine.generateAbility(permissions);
    // a change while this was read leaves nothing stale in the cache
    if (startedIn === generation) cached = { ability, expiresAt: Date.now() + CACHE_TTL_MS };
    return ability;
  }

  return {
    name: 'cxm-public-role',

    async authenticate(ctx) {
      if (ctx.request.header.authorization || !getStrapi().plugin('users-permissions'))
        return { authenticated: false };
      const ability = await publicAbility();
      // as users-permissions: a Public role without any permission is no authentication at all
      return ability
        ? { authenticated: true, credentials: null, ability }
        : { authenticated: false };
    },

    verify(auth, config) {
      // as users-permissions: an anonymous request reaches scoped routes only
      if (!auth.ability || config.scope === undefined) throw new errors.UnauthorizedError();
      if (!([] as string[]).concat(config.scope).every((scope) => auth.ability!.can(scope)))
        throw new errors.ForbiddenError();
    },

    invalidate() {
      generation += 1;
      cached = undefined;
    },
  };
}

/** The strategy of this plugin's routes: Strapi's global `strapi` is only there once the app runs. */
export const publicRoleStrategy = createPublicRoleStrategy(
  () => (globalThis as unknown as { strapi: Core.Strapi }).strapi
);
