import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

interface DemoCity {
  city: string;
  country: string;
  timezone: string;
  currency: string;
  lat: number;
  lng: number;
  /** A typical nightly price in minor units. */
  price: number;
  street: string;
}

const CITIES: DemoCity[] = [
  {
    city: 'Paris',
    country: 'FR',
    timezone: 'Europe/Paris',
    currency: 'EUR',
    lat: 48.8566,
    lng: 2.3522,
    price: 14000,
    street: 'Rue de Rivoli',
  },
  {
    city: 'Lisbon',
    country: 'PT',
    timezone: 'Europe/Lisbon',
    currency: 'EUR',
    lat: 38.7223,
    lng: -9.1393,
    price: 9500,
    street: 'Rua Augusta',
  },
  {
    city: 'Tokyo',
    country: 'JP',
    timezone: 'Asia/Tokyo',
    currency: 'JPY',
    lat: 35.6762,
    lng: 139.6503,
    price: 18000,
    street: 'Omotesando',
  },
  {
    city: 'Kyoto',
    country: 'JP',
    timezone: 'Asia/Tokyo',
    currency: 'JPY',
    lat: 35.0116,
    lng: 135.7681,
    price: 15000,
    street: 'Shijo-dori',
  },
  {
    city: 'New York',
    country: 'US',
    timezone: 'America/New_York',
    currency: 'USD',
    lat: 40.7128,
    lng: -74.006,
    price: 22000,
    street: 'Bleecker Street',
  },
  {
    city: 'London',
    country: 'GB',
    timezone: 'Europe/London',
    currency: 'GBP',
    lat: 51.5072,
    lng: -0.1276,
    price: 16000,
    street: 'Portobello Road',
  },
  {
    city: 'Mexico City',
    country: 'MX',
    timezone: 'America/Mexico_City',
    currency: 'MXN',
    lat: 19.4326,
    lng: -99.1332,
    price: 180000,
    street: 'Avenida Amsterdam',
  },
  {
    city: 'Sydney',
    country: 'AU',
    timezone: 'Australia/Sydney',
    currency: 'AUD',
    lat: -33.8688,
    lng: 151.2093,
    price: 25000,
    street: 'Bondi Road',
  },
  {
    city: 'Cape Town',
    country: 'ZA',
    timezone: 'Africa/Johannesburg',
    currency: 'ZAR',
    lat: -33.9249,
    lng: 18.4241,
    price: 150000,
    street: 'Kloof Street',
  },
  {
    city: 'Barcelona',
    country: 'ES',
    timezone: 'Europe/Madrid',
    currency: 'EUR',
    lat: 41.3874,
    lng: 2.1686,
    price: 12000,
    street: 'Carrer de Verdi',
  },
];

const KINDS = [
  {
    title: 'Bright apartment near the centre',
    type: 'entire_home',
    kind: 'apartment',
    guests: 4,
    bedrooms: 2,
    beds: 2,
    baths: 1,
  },
  {
    title: 'Cosy private room with breakfast nook',
    type: 'private_room',
    kind: 'house',
    guests: 2,
    bedrooms: 1,
    beds: 1,
    baths: 1,
  },
  {
    title: 'Family house with garden',
    type: 'entire_home',
    kind: 'house',
    guests: 6,
    bedrooms: 3,
    beds: 4,
    baths: 2,
  },
  {
    title: 'Design loft with a workspace',
    type: 'entire_home',
    kind: 'loft',
    guests: 2,
    bedrooms: 1,
    beds: 1,
    baths: 1.5,
  },
] as const;

const AMENITY_SETS = [
  ['wifi', 'kitchen', 'heating', 'workspace', 'smoke_alarm'],
  ['wifi', 'hot_water', 'tv', 'smoke_alarm'],
  ['wifi', 'kitchen', 'washer', 'free_parking', 'pets_allowed', 'first_aid_kit'],
  ['wifi', 'air_conditioning', 'workspace', 'elevator', 'balcony'],
];
const POLICIES = ['flexible', 'moderate', 'firm', 'strict'];

/** A stable UUID per demo listing, so seeding twice finds the same rows. */
function demoId(n: number): string {
  const h = createHash('sha256').update(`demo-listing-${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Seeds 40 published demo listings (ten cities, six currencies including
 * JPY) with placeholder photos, owned in turn by the given hosts. Idempotent:
 * rows that exist are left as they are. Returns how many listings it added.
 */
export async function seedDemoListings(
  dataSource: DataSource,
  hostIds: readonly string[],
): Promise<number> {
  if (hostIds.length === 0) throw new RangeError('seedDemoListings needs at least one host id');
  let added = 0;
  await dataSource.transaction(async (manager) => {
    for (const [c, city] of CITIES.entries()) {
      for (const [k, kind] of KINDS.entries()) {
        const n = c * KINDS.length + k;
        const id = demoId(n);
        // Spread the four places of a city over a few hundred metres.
        const lat = city.lat + (k - 1.5) * 0.004;
        const lng = city.lng + ((k % 2) - 0.5) * 0.006;
        const price =
          Math.round((city.price * (0.7 + 0.2 * k)) / (city.currency === 'JPY' ? 100 : 1)) *
          (city.currency === 'JPY' ? 100 : 1);
        const rows = (await manager.query(
          `INSERT INTO listings (id, host_id, title, description, property_type, building_kind, address, city, country,
             latitude, longitude, timezone, currency, nightly_price, cleaning_fee, weekly_discount_percent,
             monthly_discount_percent, occupancy_tax_percent, max_guests, bedrooms, beds, bathrooms, amenities,
             house_rules, min_nights, max_nights, instant_book, cancellation_policy, status, published_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
             $23, $24, $25, $26, $27, $28, 'published', now())
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            id,
            hostIds[n % hostIds.length],
            `${kind.title} in ${city.city}`,
            `A ${kind.kind} on ${city.street}, ${city.city}: walk to cafés, markets and transit. Sleeps ${kind.guests}.`,
            kind.type,
            kind.kind,
            `${10 + n} ${city.street}`,
            city.city,
            city.country,
            lat,
            lng,
            city.timezone,
            city.currency,
            price,
            Math.round(price / 4),
            k % 2 === 0 ? 10 : 0,
            k % 2 === 0 ? 25 : 15,
            k === 3 ? 5.5 : 0,
            kind.guests,
            kind.bedrooms,
            kind.beds,
            kind.baths,
            AMENITY_SETS[k],
            'No parties. Quiet hours after 22:00.',
            k === 2 ? 3 : 1,
            k === 2 ? 28 : 90,
            k % 2 === 0,
            POLICIES[(c + k) % POLICIES.length],
          ],
        )) as unknown[];
        if (rows.length === 0) continue;
        added++;
        for (let p = 0; p < 5; p++)
          await manager.query(
            `INSERT INTO listing_photos (listing_id, position, url, caption) VALUES ($1, $2, $3, $4)
             ON CONFLICT (listing_id, position) DO NOTHING`,
            [
              id,
              p,
              `https://picsum.photos/seed/${id.slice(0, 8)}-${p}/1200/800`,
              p === 0 ? 'Living area' : `Photo ${p + 1}`,
            ],
          );
      }
    }
  });
  return added;
}
