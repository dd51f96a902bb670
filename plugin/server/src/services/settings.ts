import type { Core } from '@strapi/strapi';
import { parsePluginConfig, type PluginConfig } from '../config';
import { secretsOfAppKeys } from '../core/signing';
import {
  describeRuntimeSettings,
  withOverrides,
  type RuntimeOverrides,
} from '../core/runtime-settings';
import { getService } from '../get-service';

export interface Settings extends PluginConfig {
  /** signs visitor ids and tracked links */
  secret: string;
  /** verify them: `secret` first, then the secrets it replaced */
  secrets: string[];
}

const OVERRIDES_KEY = 'settings-overrides';

/**
 * The plugin's validated configuration, with the cookie secret derived from the app's keys when
 * not set, and the runtime options an admin overrode on the Settings page (kept in the plugin
 * store, re-read when another instance changes them).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let configured: Settings | undefined;
  let overrides: RuntimeOverrides = {};
  let effective: Settings | undefined;
  const store = () => strapi.store({ type: 'plugin', name: 'cxm' });

  function fromConfig(): Settings {
    if (configured) return configured;
    const config = parsePluginConfig(strapi.config.get('plugin::cxm'));
    const appKeys = strapi.config.get<string[] | undefined>('server.app.keys') ?? [];
    if (!config.secret && appKeys.length === 0) {
      throw new Error(
        'Plugin "cxm" needs a cookie secret: set cxm.config.secret or server.app.keys (APP_KEYS).'
      );
    }
    const secrets =
      config.secret === undefined
        ? secretsOfAppKeys(appKeys)
        : ([] as string[]).concat(config.secret);
    configured = { ...config, secret: secrets[0], secrets };
    return configured;
  }

  function apply(next: RuntimeOverrides) {
    overrides = next;
    effective = withOverrides(fromConfig(), overrides);
  }

  return {
    get(): Settings {
      return (effective ??= withOverrides(fromConfig(), overrides));
    },

    /** Reads the stored overrides (at start, and when another instance changed them). */
    async load(): Promise<void> {
      apply(((await store().get({ key: OVERRIDES_KEY })) as RuntimeOverrides | null) ?? {});
    },

    /** Each runtime option: the value in effect, the configured one, and whether it is overridden. */
    describe() {
      return describeRuntimeSettings(fromConfig(), overrides);
    },

    /**
     * Replaces the overrides (validated by the caller): they apply to this instance's next
     * request, and to the other instances' once they see the new configuration version.
     */
    async replaceOverrides(next: {
      [Name in keyof RuntimeOverrides]?: RuntimeOverrides[Name] | null;
    }): Promise<void> {
      const kept = Object.fromEntries(
        Object.entries(next).filter(([, value]) => value !== null && value !== undefined)
      ) as RuntimeOverrides;
      await store().set({ key: OVERRIDES_KEY, value: kept });
      apply(kept);
      await getService(strapi, 'definitions').invalidate();
    },
  };
};
