/** Great-circle distance, for "dealer near you" and rules on the distance to a point. */

export interface Point {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Haversine distance in km. */
export function distanceKm(a: Point, b: Point): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** `49.45,11.08` → a point, or null when it is not a valid latitude,longitude pair. */
export function parsePoint(text: string): Point | null {
  const [lat, lon, ...rest] = text.split(',').map(Number);
  if (
    rest.length > 0 ||
    !Number.isFinite(lat) ||
    !Number.isFinite(lon) ||
    Math.abs(lat) > 90 ||
    Math.abs(lon) > 180
  )
    return null;
  return { latitude: lat, longitude: lon };
}

/** The items sorted nearest first; items without coordinates go last, in their order. */
export function nearestFirst<T>(
  items: T[],
  origin: Point,
  pointOf: (item: T) => Point | null
): Array<T & { distanceKm: number | null }> {
  return items
    .map((item) => {
      const point = pointOf(item);
      return {
        ...item,
        distanceKm: point ? Math.round(distanceKm(origin, point) * 10) / 10 : null,
      };
    })
    .sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
}
