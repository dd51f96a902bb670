/**
 * The GeoIP database of this instance, opened once at start and reloaded when the file changes.
 * Without a configured database visitors simply have no geo (a warning says so at start).
 */
import path from 'node:path';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type { GeoResult, GeoStatus } from '../contracts/settings';
import { openGeoReader, type GeoReader } from '../geoip/reader';
import { nearestFirst } from '../core/geo';
import { markPersonalized, trackedRequestOf } from '../request-state';
import { getService } from '../get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let reader: GeoReader | null = null;
  let file: string | null = null;
  let openError: string | null = null;

  return {
    async open(): Promise<void> {
      const { geoip } = getService(strapi, 'settings').get();
      if (!geoip.databasePath) {
        strapi.log.warn(
          '[cxm] no GeoIP database configured (cxm.config.geoip.databasePath): visitors will have no geo'
        );
        return;
      }
      file = path.resolve(strapi.dirs.app.root, geoip.databasePath);
      try {
        reader = await openGeoReader(file, {
          watch: geoip.watch,
          onReload: () => strapi.log.info(`[cxm] GeoIP database reloaded: ${file}`),
          onError: (error) => strapi.log.warn(`[cxm] GeoIP database ${file}: ${error.message}`),
        });
      } catch (error) {
        openError = (error as Error).message;
        strapi.log.warn(
          `[cxm] GeoIP database ${file} could not be opened, visitors will have no geo: ${openError}`
        );
      }
    },

    lookup(ip: string | null): GeoResult | null {
      return reader?.lookup(ip) ?? null;
    },

    /** What the Settings page shows: which database, whether it is loaded, its type and build date. */
    status(): GeoStatus {
      const info = reader?.info() ?? null;
      return {
        path: file,
        loaded: !!info,
        databaseType: info?.databaseType ?? null,
        buildDate: info ? info.buildDate.toISOString() : null,
        error: openError,
      };
    },

    /**
     * Items (e.g. dealers with `latitude` / `longitude` fields) sorted nearest to the visitor of
     * this request first, each with its `distanceKm`; in their order when the visitor's location
     * is unknown. The response depends on the visitor: it is marked private, as variants are.
     */
    nearestToVisitor<T extends Record<string, unknown>>(ctx: Context, items: T[]) {
      const tracked = trackedRequestOf(ctx);
      if (tracked) markPersonalized(tracked);
      const geo = tracked?.visitor.visit.geo;
      const pointOf = (item: Record<string, unknown>) =>
        typeof item.latitude === 'number' && typeof item.longitude === 'number'
          ? { latitude: item.latitude, longitude: item.longitude }
          : null;
      const origin = geo ? pointOf(geo) : null;
      if (!origin) return items.map((item) => ({ ...item, distanceKm: null }));
      return nearestFirst(items, origin, pointOf);
    },

    close(): void {
      reader?.close();
      reader = null;
    },
  };
};
