import { useAuth } from '@strapi/strapi/admin';

// one list for the server's policies and the admin's pages (pure data, bundled into the admin)
import { ACTIONS } from '../../server/src/permissions';

export { ACTIONS };

export type ActionName = keyof typeof ACTIONS;

/** Permission lists in the shape Strapi's admin APIs take (menu links, Page.Protect). */
export const permissionsOf = (...names: ActionName[]) =>
  names.map((name) => ({ action: ACTIONS[name], subject: null }));

/** Who may open the plugin at all (its menu link, its outer guard): a holder of any page's permission. */
export const ANY_PLUGIN_PERMISSION = permissionsOf(
  'readAnalytics',
  'readContacts',
  'manageDefinitions',
  'manageSettings',
  'manageAutomations'
);

/**
 * What the logged-in admin may do in the plugin. Strapi's useRBAC names an action by its last
 * segment (`canRead`), which cannot tell analytics.read from contacts.read, so this reads the
 * user's permissions directly.
 */
export function useCxmPermissions(): Record<ActionName, boolean> {
  const permissions = useAuth('cxm', (state) => state.permissions);
  const granted = new Set(permissions.map((permission) => permission.action));
  return Object.fromEntries(
    Object.entries(ACTIONS).map(([name, action]) => [name, granted.has(action)])
  ) as Record<ActionName, boolean>;
}
