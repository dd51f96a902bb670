/**
 * City-level GeoIP lookups over a MaxMind DB (GeoLite2-City, GeoIP2-City or a compatible file),
 * optionally reloaded when the file on disk changes.
 */
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { open, type CityResponse, type Reader } from 'maxmind';
import { isPublicIp, normalizeIp } from '../core/client-ip';
import type { GeoResult } from '../contracts/settings';

export type { GeoResult };

export interface GeoDatabaseInfo {
  /** e.g. `GeoLite2-City` */
  databaseType: string;
  buildDate: Date;
  ipVersion: number;
}

export interface GeoReader {
  /** Geo of a public address; null for private, malformed or unknown addresses. Never throws. */
  lookup(ip: string | null): GeoResult | null;
  /** Stops watching; later lookups return null. */
  close(): void;
  readonly path: string;
  /** What the loaded database is; null once closed. */
  info(): GeoDatabaseInfo | null;
}

export interface GeoReaderOptions {
  /** Reload when the file changes. Polled, so a file replaced by rename (as geoipupdate does) is picked up too. */
  watch?: boolean;
  /** How often a watched file is checked. */
  pollIntervalMs?: number;
  onReload?: () => void;
  /** A changed file could not be loaded (e.g. caught mid-copy); the previous database stays in use. */
  onError?: (error: Error) => void;
}

const DEFAULT_POLL_INTERVAL_MS = 5_000;

function toGeoResult(record: CityResponse): GeoResult {
  const subdivision = record.subdivisions?.[0];
  return {
    country: record.country?.iso_code ?? null,
    countryName: record.country?.names?.en ?? null,
    region: subdivision?.iso_code ?? null,
    regionName: subdivision?.names?.en ?? null,
    city: record.city?.names?.en ?? null,
    postalCode: record.postal?.code ?? null,
    continent: record.continent?.code ?? null,
    latitude: record.location?.latitude ?? null,
    longitude: record.location?.longitude ?? null,
    timeZone: record.location?.time_zone ?? null,
  };
}

/**
 * Opens the database at `path` (rejects when it is missing or not a MaxMind DB).
 *
 * Watching is done here rather than with maxmind's `watchForUpdates`: that one cannot be stopped per
 * reader, and a file that fails to load (say, caught half-copied) throws inside its watcher, which
 * crashes the process as an unhandled rejection.
 */
export async function openGeoReader(
  path: string,
  options: GeoReaderOptions = {}
): Promise<GeoReader> {
  let database: Reader<CityResponse> | null = await open<CityResponse>(path);
  let latestLoad = 0;

  async function reload(): Promise<void> {
    const load = ++latestLoad;
    let next: Reader<CityResponse>;
    try {
      next = await open<CityResponse>(path);
    } catch (error) {
      if (database) options.onError?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    // Closed meanwhile, or a later change is being loaded already.
    if (!database || load !== latestLoad) return;
    database = next;
    options.onReload?.();
  }

  function onFileChange(current: Stats, previous: Stats): void {
    // Polling also reports access-time changes (our own reads); a deleted file (nlink 0) keeps the loaded data.
    const changed =
      current.mtimeMs !== previous.mtimeMs ||
      current.ino !== previous.ino ||
      current.size !== previous.size;
    if (changed && current.nlink > 0) void reload();
  }

  if (options.watch) {
    watchFile(
      path,
      { persistent: false, interval: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS },
      onFileChange
    );
  }

  return {
    path,
    lookup(ip) {
      if (!database || ip === null) return null;
      const address = normalizeIp(ip);
      if (!address || !isPublicIp(address)) return null;
      // mmdb-lib would walk an IPv6 address down an IPv4-only tree and answer with an unrelated network.
      if (database.metadata.ipVersion === 4 && address.includes(':')) return null;
      try {
        const record = database.get(address);
        return record ? toGeoResult(record) : null;
      } catch {
        return null; // a damaged database must not fail the request
      }
    },
    info() {
      if (!database) return null;
      const { databaseType, buildEpoch, ipVersion } = database.metadata;
      return { databaseType, buildDate: buildEpoch, ipVersion };
    },
    close() {
      if (options.watch) unwatchFile(path, onFileChange);
      database = null;
    },
  };
}
