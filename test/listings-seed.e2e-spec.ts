import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemoListings } from '@app/listings';
import { DataSource } from 'typeorm';
import { startApi, type RunningApi } from './support/api-server';
import { registerHost } from './support/listings';
import { testConfig } from './support/test-env';

describe('demo listings seed', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('adds 40 published listings in several cities and currencies (JPY among them), once', async () => {
    const ds = api.app.get(DataSource);
    const hosts = [(await registerHost(api)).user.id, (await registerHost(api)).user.id];
    expect(await seedDemoListings(ds, hosts)).toBe(40);
    expect(await seedDemoListings(ds, hosts)).toBe(0);

    const rows = (await ds.query(
      `SELECT l.city, l.currency, l.status, l.host_id, count(p.id)::int AS photos
         FROM listings l LEFT JOIN listing_photos p ON p.listing_id = l.id
        WHERE l.host_id = ANY($1) GROUP BY l.id`,
      [hosts],
    )) as { city: string; currency: string; status: string; host_id: string; photos: number }[];
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.city)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((r) => r.currency))).toEqual(
      new Set(['EUR', 'JPY', 'USD', 'GBP', 'MXN', 'AUD', 'ZAR']),
    );
    expect(rows.every((r) => r.status === 'published' && r.photos === 5)).toBe(true);
    expect(new Set(rows.map((r) => r.host_id))).toEqual(new Set(hosts));

    // What a guest sees: Tokyo in yen, whole amounts, with photos.
    const res = await api.request('/api/v1/listings?city=Tokyo&sort=price_asc');
    const page = (await res.json()) as {
      data: { nightlyPrice: { amount: number; currency: string }; photos: { url: string }[] }[];
    };
    expect(page.data).toHaveLength(4);
    for (const listing of page.data) {
      expect(listing.nightlyPrice.currency).toBe('JPY');
      expect(listing.nightlyPrice.amount % 100).toBe(0);
      expect(listing.photos[0].url).toMatch(/^https:\/\/picsum\.photos\//);
    }
  });
});
