import { ChartPie } from '@strapi/icons';
import { PLUGIN_ID } from './pluginId';
import { PersonalizationPanel } from './components/PersonalizationPanel';
import { addVariantColumn } from './components/VariantMarkerCell';
import { ANY_PLUGIN_PERMISSION } from './permissions';

type TranslationModule = { default: Record<string, string> };

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: ChartPie,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Experience' },
      permissions: ANY_PLUGIN_PERMISSION,
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Experience' });
  },

  bootstrap(app: any) {
    app.getPlugin('content-manager').apis.addEditViewSidePanel([PersonalizationPanel]);
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', addVariantColumn);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(
            `./translations/${locale}.json`
          )) as TranslationModule;
          return {
            data: Object.fromEntries(
              Object.entries(data).map(([key, value]) => [`${PLUGIN_ID}.${key}`, value])
            ),
            locale,
          };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
