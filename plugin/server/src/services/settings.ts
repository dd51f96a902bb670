import { createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { parsePluginConfig, type PluginConfig } from '../config';

export interface Settings extends PluginConfig {
  secret: string;
}

/** The plugin's validated configuration, with the cookie secret derived from the app's keys when not set. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let settings: Settings | undefined;
  return {
    get(): Settings {
      if (settings) return settings;
      const config = parsePluginConfig(strapi.config.get('plugin::cxm'));
      const appKeys = strapi.config.get<string[] | undefined>('server.app.keys') ?? [];
      if (!config.secret && appKeys.length === 0) {
        throw new Error('Plugin "cxm" needs a cookie secret: set cxm.config.secret or server.app.keys (APP_KEYS).');
      }
      const secret =
        config.secret ?? createHmac('sha256', appKeys.join(',')).update('cxm visitor cookie').digest('base64url');
      settings = { ...config, secret };
      return settings;
    },
  };
};
