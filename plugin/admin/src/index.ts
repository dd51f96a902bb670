import { PLUGIN_ID } from './pluginId';

type TranslationModule = { default: Record<string, string> };

export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Experience' });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as TranslationModule;
          return { data: Object.fromEntries(Object.entries(data).map(([key, value]) => [`${PLUGIN_ID}.${key}`, value])), locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
