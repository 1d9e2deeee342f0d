import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemoListings } from '@app/listings';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD, type DemoSeedResult } from '../apps/cli/src/commands/demo-seed';
import { bearer } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { action, getBooking } from './support/bookings';
import { registerHost } from './support/listings';
import { startProcess } from './support/processes';
import { guestReview, hostReview } from './support/reviews';
import { freshDatabaseUrl, testConfig, testEnv } from './support/test-env';

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

describe('demo seed (what `npm start` runs on a fresh database)', () => {
  let api: RunningApi | undefined;
  afterAll(async () => {
    await api?.close();
  });

  const seed = async (env: NodeJS.ProcessEnv): Promise<DemoSeedResult> => {
    const cli = startProcess('dist/apps/cli/src/main.js', env, ['seed:demo']);
    const code = await cli.exited;
    if (code !== 0) throw new Error(`seed:demo exited ${code}:\n${cli.output()}`);
    return JSON.parse(cli.output().trim().split('\n').at(-1)!) as DemoSeedResult;
  };

  it('writes a history in which every feature can be tried, with money that adds up, once', async () => {
    const overrides = {
      DATABASE_URL: await freshDatabaseUrl('demoseed'),
      RATE_LIMIT_PER_MINUTE: '0',
    };
    api = await startApi(await testConfig(overrides));
    const env = await testEnv(overrides);
    const first = await seed(env);
    const history = first.history!;
    expect(history.pastStays).toHaveLength(2);
    expect(history.awaitingReviews).toBeDefined();
    expect(history.pendingRequest).toBeDefined();
    // A second start adds nothing.
    const again = await seed(env);
    expect(again.history).toBeUndefined();
    expect(again.listingsAdded).toBe(0);

    const ds = api.app.get(DataSource);
    const unverified = (await ds.query(
      `SELECT email FROM users WHERE email LIKE '%@demo.local' AND email_verified_at IS NULL`,
    )) as unknown[];
    expect(unverified).toEqual([]);

    const login = async (email: string) => {
      const res = await api!.request(
        '/api/v1/auth/login',
        json({ email, password: DEMO_PASSWORD }),
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const guest = await login('guest@demo.local');
    const host = await login('host@demo.local');

    // The demo guest and host can both review the stay that just ended.
    const byGuest = await api.request(
      `/api/v1/bookings/${history.awaitingReviews}/reviews`,
      json(guestReview(), bearer(guest)),
    );
    expect(byGuest.status).toBe(201);
    const byHost = await api.request(
      `/api/v1/bookings/${history.awaitingReviews}/reviews`,
      json(hostReview(), bearer(host)),
    );
    expect(byHost.status).toBe(201);

    // The demo host sees the pending request and accepts it: the authorised card is captured.
    const hostBookings = await api.request('/api/v1/bookings?role=host&limit=50', {
      headers: bearer(host),
    });
    const listed = (await hostBookings.json()) as { data: { id: string; status: string }[] };
    expect(listed.data.find((b) => b.id === history.pendingRequest)?.status).toBe('awaiting_host');
    const accepted = await action(
      api,
      host,
      history.pendingRequest!,
      'accept',
      {},
      {
        'idempotency-key': randomUUID(),
      },
    );
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { status: string }).status).toBe('confirmed');

    // The past stays' reviews are published on their listings.
    const past = await getBooking(api, guest, history.pastStays[0]);
    const reviews = await api.request(`/api/v1/listings/${past.listingId}/reviews`);
    expect(reviews.status).toBe(200);
    const page = (await reviews.json()) as { data: { text: string }[] };
    expect(page.data.length).toBeGreaterThanOrEqual(1);
    const listing = (await (await api.request(`/api/v1/listings/${past.listingId}`)).json()) as {
      ratingCount: number;
    };
    expect(listing.ratingCount).toBeGreaterThanOrEqual(1);

    // The host's payouts: one in each state.
    const payouts = await api.request('/api/v1/users/me/payouts?limit=50', {
      headers: bearer(host),
    });
    expect(payouts.status).toBe(200);
    const statuses = ((await payouts.json()) as { data: { status: string }[] }).data.map(
      (p) => p.status,
    );
    expect(new Set(statuses)).toEqual(
      new Set(['scheduled', 'due', 'paid', 'reversed', 'canceled']),
    );

    // Money: each payment is the booking's total, refunds add up to what the payment says was
    // refunded, a payout never exceeds the booking's host share.
    const money = (await ds.query(
      `SELECT b.id, b.status, b.total, b.host_payout, p.amount, p.amount_captured, p.amount_refunded,
              (SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.payment_id = p.id AND r.status = 'succeeded') AS refunded,
              o.gross_amount, o.amount AS payout, o.transferred_amount, o.reversed_amount, o.status AS payout_status
         FROM bookings b JOIN payments p ON p.booking_id = b.id LEFT JOIN payouts o ON o.booking_id = b.id
        WHERE b.guest_id = (SELECT id FROM users WHERE email = 'guest@demo.local')`,
    )) as Record<string, string | null>[];
    expect(money.length).toBe(7);
    for (const row of money) {
      expect(row.amount).toBe(row.total);
      expect(row.amount_refunded).toBe(row.refunded);
      if (row.status !== 'awaiting_host' && row.status !== 'confirmed')
        expect(row.amount_captured).toBe(row.total);
      if (row.gross_amount !== null) {
        expect(row.gross_amount).toBe(row.host_payout);
        expect(Number(row.payout)).toBeLessThanOrEqual(Number(row.host_payout));
        if (row.payout_status === 'reversed')
          expect(row.reversed_amount).toBe(row.transferred_amount);
        if (row.payout_status === 'canceled') expect(row.amount_refunded).toBe(row.total);
      }
    }
  });
});
