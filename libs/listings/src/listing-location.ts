import { createHmac } from 'node:crypto';

/** Public coordinates move this far from the real point, in metres (about 500 m on average). */
export const APPROXIMATE_MIN_METRES = 200;
export const APPROXIMATE_MAX_METRES = 600;
const METRES_PER_DEGREE_LATITUDE = 111_320;

export interface ListingLocation {
  address: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** The key of the offsets, derived from the signing secret so no new secret is needed. */
export function locationKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('listing-location-offset').digest();
}

/**
 * What anyone may know of where a listing is before a confirmed stay: no street
 * address, and coordinates moved 200-600 m in a direction drawn from an HMAC of
 * the listing id. The offset is the same on every request (averaging many
 * answers reveals nothing) and cannot be undone without the key.
 */
export function approximateLocation<T extends ListingLocation & { id: string }>(
  view: T,
  key: Buffer,
): T {
  if (view.latitude === null || view.longitude === null)
    return { ...view, address: null, latitude: null, longitude: null };
  const digest = createHmac('sha256', key).update(view.id).digest();
  const bearing = (digest.readUInt32BE(0) / 0x1_0000_0000) * 2 * Math.PI;
  const metres =
    APPROXIMATE_MIN_METRES +
    (digest.readUInt32BE(4) / 0x1_0000_0000) * (APPROXIMATE_MAX_METRES - APPROXIMATE_MIN_METRES);
  const latitude = clamp(
    view.latitude + (metres * Math.cos(bearing)) / METRES_PER_DEGREE_LATITUDE,
    -90,
    90,
  );
  const metresPerDegreeLongitude =
    METRES_PER_DEGREE_LATITUDE * Math.max(Math.cos((view.latitude * Math.PI) / 180), 0.01);
  const longitude = wrapLongitude(
    view.longitude + (metres * Math.sin(bearing)) / metresPerDegreeLongitude,
  );
  // Four decimals (about 10 m) are plenty for a map pin and hide the float arithmetic.
  return { ...view, address: null, latitude: round4(latitude), longitude: round4(longitude) };
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const wrapLongitude = (value: number) => ((((value + 180) % 360) + 360) % 360) - 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
