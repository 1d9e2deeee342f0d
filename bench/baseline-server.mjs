// The baselines of `npm run bench`: a plain Fastify server (no Nest, no ORM, no
// cache) that answers a hello route and runs, through a bare `pg` pool, the same
// SQL the API runs. The search SQL is produced by the product's own query
// builder from the same filter, so the two always run identical statements.
// Started by bench/run.mjs as a child process; says `ready` over IPC.
import Fastify from 'fastify';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
process.chdir(root);

const databaseUrl = process.env.DATABASE_URL;
const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });

// The product's query builders need TypeORM's metadata (a connected DataSource);
// they are only used to print SQL here, every statement runs on the bare pool.
const { default: dataSource } = require(join(root, 'dist/libs/core/src/database/data-source.js'));
const { buildSearchQuery } = require(join(root, 'dist/libs/listings/src/listing-search.query.js'));
const { ListingPhoto } = require(join(root, 'dist/libs/listings/src/listing-photo.entity.js'));
const { In } = require('typeorm');
const { priceStay, DEFAULT_SERVICE_FEES } = require(
  join(root, 'dist/libs/bookings/src/booking-pricing.js'),
);
const { localDateOf } = require(join(root, 'dist/libs/bookings/src/local-date.js'));
const { randomUUID, createHmac } = require('node:crypto');
dataSource.setOptions({ poolSize: 1 });
await dataSource.initialize();

/** The filter the API's validation pipe would produce from the same query string. */
function filterOf(q) {
  const filter = {};
  if (q.city) filter.city = q.city;
  if (q.checkIn) filter.checkIn = q.checkIn;
  if (q.checkOut) filter.checkOut = q.checkOut;
  if (q.guests) filter.guests = Number(q.guests);
  if (q.currency) filter.currency = q.currency;
  if (q.minPrice) filter.minPrice = Number(q.minPrice);
  if (q.maxPrice) filter.maxPrice = Number(q.maxPrice);
  return filter;
}

const app = Fastify({ logger: false });

app.get('/hello', async () => ({ hello: 'world' }));

app.get('/search', async (request) => {
  const q = request.query;
  const limit = Number(q.limit ?? 20);
  const [sql, params] = buildSearchQuery(
    dataSource.manager,
    filterOf(q),
    q.sort ?? 'newest',
    limit,
  ).getQueryAndParameters();
  const { rows } = await pool.query(sql, params);
  const ids = rows.slice(0, limit).map((r) => r.l_id);
  let photos = [];
  if (ids.length) {
    const [photoSql, photoParams] = dataSource
      .getRepository(ListingPhoto)
      .createQueryBuilder('ListingPhoto')
      .setFindOptions({ where: { listingId: In(ids) }, order: { position: 'ASC' } })
      .getQueryAndParameters();
    photos = (await pool.query(photoSql, photoParams)).rows;
  }
  const byListing = new Map();
  for (const p of photos) {
    const list = byListing.get(p.ListingPhoto_listing_id) ?? [];
    list.push({ url: p.ListingPhoto_url, caption: p.ListingPhoto_caption });
    byListing.set(p.ListingPhoto_listing_id, list);
  }
  return {
    data: rows.slice(0, limit).map((r) => ({
      id: r.l_id,
      title: r.l_title,
      city: r.l_city,
      nightlyPrice: { amount: r.l_nightly_price, currency: r.l_currency },
      maxGuests: r.l_max_guests,
      photos: byListing.get(r.l_id) ?? [],
    })),
    nextCursor: rows.length > limit ? rows[limit - 1].sort_value : null,
  };
});

// Booking creation: the statements BookingsService.create runs, in the same order and
// transaction boundaries (listing share-locked, booking, hold, payment, history row;
// then the local provider's payment intent, the payment's reference, and the read back).
const guestId = process.env.BENCH_GUEST_ID;
const PAYMENT_WINDOW_MS = 15 * 60 * 1000;
app.post('/bookings', async (request, reply) => {
  const input = request.body;
  const now = new Date();
  const bookingId = randomUUID();
  const paymentId = randomUUID();
  const client = await pool.connect();
  let booking;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT * FROM listings WHERE id = $1 LIMIT 1 FOR SHARE', [
      input.listingId,
    ]);
    const l = rows[0];
    if (!l || l.status !== 'published') throw new Error('listing not found');
    const quote = priceStay(
      {
        currency: l.currency.trim(),
        nightlyPrice: l.nightly_price,
        cleaningFee: l.cleaning_fee,
        weeklyDiscountPercent: l.weekly_discount_percent,
        monthlyDiscountPercent: l.monthly_discount_percent,
        occupancyTaxPercent: Number(l.occupancy_tax_percent),
        minNights: l.min_nights,
        maxNights: l.max_nights,
        maxGuests: l.max_guests,
      },
      input,
      DEFAULT_SERVICE_FEES,
      { today: localDateOf(now, l.timezone) },
    );
    const mode = l.instant_book ? 'instant' : 'request';
    const cancellation = {
      currency: quote.currency,
      checkIn: quote.checkIn,
      checkOut: quote.checkOut,
      checkInTime: l.check_in_time,
      timezone: l.timezone,
      nightlyAmounts: quote.nightly.map((n) => n.amount),
      cleaningFee: quote.cleaningFee.amount,
      guestServiceFee: quote.guestServiceFee.amount,
      taxes: quote.taxes.amount,
      bookedAt: now.toISOString(),
    };
    booking = (
      await client.query(
        `INSERT INTO bookings (id, listing_id, guest_id, host_id, check_in, check_out, guests, mode, status,
           currency, total, host_payout, price, cancellation_policy, cancellation, message, deadline_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending_payment', $9, $10, $11, $12, $13, $14, $15, $16, 1)
         RETURNING *`,
        [
          bookingId,
          l.id,
          guestId,
          l.host_id,
          input.checkIn,
          input.checkOut,
          input.guests,
          mode,
          quote.currency,
          quote.total.amount,
          quote.hostPayout.amount,
          quote,
          l.cancellation_policy,
          cancellation,
          input.message ?? null,
          new Date(now.getTime() + PAYMENT_WINDOW_MS),
        ],
      )
    ).rows[0];
    await client.query(
      `INSERT INTO listing_calendar_holds (listing_id, during, kind, booking_id)
       VALUES ($1, daterange($2::date, $3::date, '[)'), 'booking', $4) RETURNING id`,
      [l.id, input.checkIn, input.checkOut, bookingId],
    );
    await client.query(
      `INSERT INTO payments (id, booking_id, provider, capture_method, status, amount, currency,
         amount_captured, amount_refunded)
       VALUES ($1, $2, 'local', $3, 'requires_payment', $4, $5, 0, 0)
       RETURNING created_at, updated_at`,
      [
        paymentId,
        bookingId,
        mode === 'instant' ? 'automatic' : 'manual',
        quote.total.amount,
        quote.currency,
      ],
    );
    await client.query(
      `INSERT INTO booking_events (booking_id, event, from_status, to_status, actor_id, details)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [bookingId, 'created', null, 'pending_payment', guestId, { total: quote.total.amount }],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    reply.code(error.code === '23P01' ? 409 : 500);
    return { error: String(error.message) };
  } finally {
    client.release();
  }
  const ref = `local_pi_${paymentId}`;
  await pool.query(
    `INSERT INTO local_payment_intents (ref, amount, currency, capture_method, status, metadata)
     VALUES ($1, $2, $3, $4, 'requires_payment', $5) ON CONFLICT (ref) DO NOTHING`,
    [
      ref,
      booking.total,
      booking.currency,
      booking.mode === 'instant' ? 'automatic' : 'manual',
      { booking_id: bookingId, payment_id: paymentId },
    ],
  );
  await pool.query('SELECT * FROM local_payment_intents WHERE ref = $1', [ref]);
  const clientSecret = `${ref}_secret_${createHmac('sha256', 'bench').update(ref).digest('base64url').slice(0, 32)}`;
  await pool.query(
    'UPDATE payments SET provider_ref = $1, client_secret = $2, updated_at = now() WHERE id = $3',
    [ref, clientSecret, paymentId],
  );
  const [saved] = (await pool.query('SELECT * FROM bookings WHERE id = $1 LIMIT 1', [bookingId]))
    .rows;
  const [payments, refunds] = await Promise.all([
    pool.query('SELECT * FROM payments WHERE booking_id = ANY($1)', [[bookingId]]),
    pool.query('SELECT * FROM refunds WHERE booking_id = ANY($1)', [[bookingId]]),
  ]);
  reply.code(201);
  return { ...saved, payment: payments.rows[0], refund: refunds.rows[0] ?? null };
});

const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.send?.({ ready: address });
const stop = async () => {
  await app.close();
  await pool.end();
  await dataSource.destroy();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('disconnect', stop);
