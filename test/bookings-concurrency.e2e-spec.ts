import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { bearer, newAccount, verifyEmailOf } from './support/accounts';
import { day } from './support/bookings';
import { listingInput } from './support/listings';
import { eventually, freePort, startProcess, type RunningProcess } from './support/processes';
import { testEnv, workerDatabaseUrl } from './support/test-env';

const ATTEMPTS = 200;
const GUESTS = 20;

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * No double booking across processes: two compiled API processes on one
 * database take 200 simultaneous attempts at overlapping stays of one
 * listing; PostgreSQL's exclusion constraint lets exactly one through.
 */
describe('200 concurrent overlapping bookings through two API processes', () => {
  const apis: { proc: RunningProcess; url: string }[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const proc = startProcess(
        'dist/apps/api/src/main.js',
        await testEnv({
          PORT: String(port),
          HOST: '127.0.0.1',
          RATE_LIMIT_PER_MINUTE: '0',
          LOG_LEVEL: 'warn',
          REDIS_URL: process.env.REDIS_URL,
        }),
      );
      apis.push({ proc, url: `http://127.0.0.1:${port}` });
    }
    for (const api of apis)
      await eventually(async () => {
        const res = await fetch(`${api.url}/health/ready`).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      }, 60_000).catch((error: unknown) => {
        throw new Error(`API did not start: ${String(error)}\n${api.proc.output()}`);
      });
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.proc.stop('SIGTERM')));
  });

  it('exactly one 201, every other answer 409 DATES_UNAVAILABLE, no 5xx, one hold row', async () => {
    const [a, b] = apis.map((api) => `${api.url}/api/v1`);
    const host = await post(`${a}/auth/register`, newAccount());
    const hostToken = host.body.accessToken as string;
    const databaseUrl = await workerDatabaseUrl();
    const userIdOf = (body: Record<string, unknown>) => (body.user as { id: string }).id;
    await verifyEmailOf(apis[0].url, databaseUrl, userIdOf(host.body));
    expect((await post(`${a}/users/me/host`, {}, hostToken)).status).toBeLessThan(300);
    const listing = await post(`${a}/listings`, listingInput({ maxNights: 30 }), hostToken);
    const listingId = listing.body.id as string;
    expect((await post(`${b}/listings/${listingId}/publish`, {}, hostToken)).status).toBe(200);
    const guests = await Promise.all(
      Array.from({ length: GUESTS }, async () => {
        const res = await post(`${b}/auth/register`, newAccount());
        await verifyEmailOf(apis[1].url, databaseUrl, userIdOf(res.body));
        return res.body.accessToken as string;
      }),
    );

    // Every stay overlaps every other: they all contain the night of day 40.
    const answers = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        post(
          `${i % 2 === 0 ? a : b}/bookings`,
          { listingId, checkIn: day(36 + (i % 5)), checkOut: day(41 + (i % 3)), guests: 2 },
          guests[i % GUESTS],
        ),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(ATTEMPTS - 1);
    expect(
      answers.filter((r) => r.status === 409).every((r) => r.body.code === 'DATES_UNAVAILABLE'),
    ).toBe(true);

    const client = new pg.Client({ connectionString: await workerDatabaseUrl() });
    await client.connect();
    try {
      const holds = await client.query(
        "SELECT count(*)::int AS n FROM listing_calendar_holds WHERE listing_id = $1 AND kind = 'booking'",
        [listingId],
      );
      const bookings = await client.query(
        'SELECT count(*)::int AS n FROM bookings WHERE listing_id = $1',
        [listingId],
      );
      const payments = await client.query(
        'SELECT count(*)::int AS n FROM payments p JOIN bookings b ON b.id = p.booking_id WHERE b.listing_id = $1',
        [listingId],
      );
      expect([holds.rows[0].n, bookings.rows[0].n, payments.rows[0].n]).toEqual([1, 1, 1]);
    } finally {
      await client.end();
    }
  }, 120_000);
});
