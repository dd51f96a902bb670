import type {
  DataResponse,
  GeoLookup,
  SettingsOverrides,
  SettingsView,
} from '../../../server/src/contracts';
import { useClient, withQuery, type FetchClient } from './client';

const settingsApi = ({ get, put }: FetchClient) => ({
  get: async () => (await get<DataResponse<SettingsView>>('/cxm/settings')).data.data,
  /** replaces the overrides: an option left out follows config/plugins again */
  replaceOverrides: async (overrides: SettingsOverrides) =>
    (await put<DataResponse<SettingsView>>('/cxm/settings', overrides)).data.data,
  geoLookup: async (ip: string) =>
    (await get<DataResponse<GeoLookup>>(withQuery('/cxm/settings/geoip', { ip }))).data.data,
});

/** `/cxm/settings`: runtime options and the GeoIP database. */
export const useSettingsApi = () => useClient(settingsApi);
