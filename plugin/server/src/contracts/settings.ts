/** `GET`/`PUT /cxm/settings`, `GET /cxm/settings/geoip?ip=`: runtime options and the GeoIP database. */
import type {
  RuntimeOptionName,
  RuntimeOptionState,
  RuntimeOptionStates,
  RuntimeSettings,
} from '../core/runtime-settings';

export { RUNTIME_OPTIONS } from '../core/runtime-settings';
export type { RuntimeOptionName, RuntimeOptionState, RuntimeSettings };

/** Each option: the value in effect, the configured one, and whether an override replaces it. */
export type RuntimeOptions = RuntimeOptionStates;

/** `PUT /cxm/settings` replaces the overrides: an option left out or null follows config/plugins again. */
export type SettingsOverrides = { [Name in RuntimeOptionName]?: RuntimeSettings[Name] | null };

export interface GeoStatus {
  /** the configured file, resolved against the app folder; null when none is configured */
  path: string | null;
  loaded: boolean;
  databaseType: string | null;
  buildDate: string | null;
  /** why a configured database is not loaded */
  error: string | null;
}

export interface SettingsView {
  options: RuntimeOptions;
  geoip: GeoStatus;
}

/** A city-level lookup in the GeoIP database. */
export type GeoResult = {
  /** ISO 3166-1 alpha-2, e.g. `DE` */
  country: string | null;
  countryName: string | null;
  /** ISO 3166-2 subdivision code without the country, e.g. `BY` */
  region: string | null;
  regionName: string | null;
  city: string | null;
  postalCode: string | null;
  /** `EU`, `NA`, … */
  continent: string | null;
  latitude: number | null;
  longitude: number | null;
  /** IANA time zone, e.g. `Europe/Berlin` */
  timeZone: string | null;
};

export interface GeoLookup {
  ip: string;
  /** null for private, reserved or unknown addresses, and without a database */
  result: GeoResult | null;
}
