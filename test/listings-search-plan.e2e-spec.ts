import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildSearchQuery, type ListingFilterInput, type ListingSort } from '@app/listings';
import { DataSource } from 'typeorm';
import { startApi, type RunningApi } from './support/api-server';
import { testConfig } from './support/test-env';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

class Rollback extends Error {}

/**
 * 10,000 listings in 40 cities with 100,000 holds, ANALYZEd, and the typical searches
 * EXPLAINed exactly as the service builds them: none may read `listings`
 * sequentially. Everything happens in one transaction that is rolled back, so
 * the rows and the statistics leave no trace.
 */
describe('search query plans over 10,000 listings', () => {
  let api: RunningApi;
  const plans = new Map<string, PlanNode[]>();
  const found = new Map<string, number>();

  const shapes: [string, ListingFilterInput, ListingSort][] = [
    [
      'city + dates + guests',
      { city: 'Plan City 7', checkIn: '2031-04-10', checkOut: '2031-04-14', guests: 3 },
      'newest',
    ],
    [
      'city + dates + guests, by price',
      { city: 'Plan City 12', checkIn: '2031-04-10', checkOut: '2031-04-14', guests: 2 },
      'price_asc',
    ],
    [
      'radius + dates',
      { lat: 45.02, lng: 5.02, radiusKm: 5, checkIn: '2031-04-10', checkOut: '2031-04-12' },
      'distance',
    ],
    [
      'bounding box + price',
      {
        south: 44.9,
        west: 4.9,
        north: 45.1,
        east: 5.1,
        currency: 'EUR',
        minPrice: 5000,
        maxPrice: 25000,
      },
      'price_asc',
    ],
    ['country + amenities', { country: 'PT', amenities: ['pool', 'wifi'] }, 'rating'],
  ];

  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    const ds = api.app.get(DataSource);
    await ds
      .transaction(async (manager) => {
        const [host] = (await manager.query(
          `INSERT INTO users (email, password_hash, first_name, last_name, is_host)
           VALUES ('plan-' || gen_random_uuid() || '@example.com', 'x', 'Plan', 'Host', true) RETURNING id`,
        )) as { id: string }[];
        // 40 cities spread over a 20° x 20° grid; 250 listings each with a small jitter.
        await manager.query(
          `INSERT INTO listings (host_id, title, description, property_type, city, country, latitude, longitude,
             timezone, currency, nightly_price, max_guests, amenities, min_nights, max_nights, status, published_at, rating_avg)
           SELECT $1, 'Listing ' || g, 'd', 'entire_home', 'Plan City ' || (g % 40),
                  (ARRAY['FR','PT','JP','US','GB'])[1 + g % 5],
                  40 + (g % 40) / 2.0 + random() * 0.05, (g % 40) / 2.0 + random() * 0.05 - 0.0,
                  'Europe/Paris', (ARRAY['EUR','USD','JPY'])[1 + g % 3], 3000 + (g * 37) % 30000,
                  1 + g % 8,
                  CASE WHEN g % 7 = 0 THEN ARRAY['wifi','pool'] ELSE ARRAY['wifi','kitchen'] END,
                  1 + g % 3, 30, CASE WHEN g % 20 = 0 THEN 'draft' ELSE 'published' END, now(),
                  round((3 + random() * 2)::numeric, 2)
             FROM generate_series(1, 10000) AS g`,
          [host.id],
        );
        // A year of calendars: ten short stays per listing, 100,000 holds in all.
        await manager.query(
          `INSERT INTO listing_calendar_holds (listing_id, during, kind, booking_id)
           SELECT s.id, daterange(DATE '2031-01-01' + k * 36 + (s.n % 30)::int, DATE '2031-01-01' + k * 36 + (s.n % 30)::int + 3, '[)'),
                  'booking', gen_random_uuid()
             FROM (SELECT id, row_number() OVER () AS n FROM listings WHERE title LIKE 'Listing %') s,
                  generate_series(0, 9) AS k`,
        );
        await manager.query('ANALYZE listings');
        await manager.query('ANALYZE listing_calendar_holds');
        for (const [name, filter, sort] of shapes) {
          const [sql, params] = buildSearchQuery(manager, filter, sort, 20).getQueryAndParameters();
          const [row] = (await manager.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as {
            'QUERY PLAN': { Plan: PlanNode }[];
          }[];
          plans.set(name, nodes(row['QUERY PLAN'][0].Plan));
          found.set(name, ((await manager.query(sql, params)) as unknown[]).length);
        }
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it.each(shapes.map(([name]) => [name]))('%s: no sequential scan of listings', (name) => {
    const plan = plans.get(name)!;
    expect(plan).toBeDefined();
    const listingScans = plan.filter((n) => n['Relation Name'] === 'listings');
    expect(listingScans.length).toBeGreaterThan(0);
    expect(listingScans.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    // The shape finds a full page, so the plan is for a search that matches data.
    expect(found.get(name)).toBe(21);
  });

  it('the date filter probes the holds through the exclusion constraint index', () => {
    const plan = plans.get('city + dates + guests')!;
    const holds = plan.filter((n) => n['Relation Name'] === 'listing_calendar_holds');
    expect(holds.map((n) => n['Node Type'])).not.toContain('Seq Scan');
  });
});
