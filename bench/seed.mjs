// Seed generator for the benchmarks: users (hosts and guests), published listings
// spread over real cities with their currencies and price levels, photos, and
// bookings (mostly confirmed or completed) with their calendar holds, payments and
// events. Rows go in as multi-row `INSERT ... SELECT FROM unnest(...)` batches.
// Prices come from the product's own pricing function (priceStay), so booking
// snapshots look like the ones the API writes.
//
// Usage: npm run bench:seed -- --listings 10000 --bookings 100000 --users 2000
// (DATABASE_URL names the database; migrations are applied first.)
import { faker } from '@faker-js/faker';
import cliProgress from 'cli-progress';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

/** Every seeded account signs in with this password. */
export const BENCH_PASSWORD = 'bench-password-2026';
export const benchEmail = (n) => `bench-user-${n}@example.com`;

// City, country, time zone, currency, centre, typical nightly price (minor units), weight (share of listings).
const CITIES = [
  ['Paris', 'FR', 'Europe/Paris', 'EUR', 48.8566, 2.3522, 14000, 10],
  ['London', 'GB', 'Europe/London', 'GBP', 51.5072, -0.1276, 16000, 10],
  ['New York', 'US', 'America/New_York', 'USD', 40.7128, -74.006, 22000, 9],
  ['Tokyo', 'JP', 'Asia/Tokyo', 'JPY', 35.6762, 139.6503, 18000, 7],
  ['Barcelona', 'ES', 'Europe/Madrid', 'EUR', 41.3874, 2.1686, 12000, 6],
  ['Rome', 'IT', 'Europe/Rome', 'EUR', 41.9028, 12.4964, 11000, 6],
  ['Lisbon', 'PT', 'Europe/Lisbon', 'EUR', 38.7223, -9.1393, 9500, 5],
  ['Los Angeles', 'US', 'America/Los_Angeles', 'USD', 34.0522, -118.2437, 20000, 5],
  ['Berlin', 'DE', 'Europe/Berlin', 'EUR', 52.52, 13.405, 9000, 4],
  ['Amsterdam', 'NL', 'Europe/Amsterdam', 'EUR', 52.3676, 4.9041, 17000, 4],
  ['Mexico City', 'MX', 'America/Mexico_City', 'MXN', 19.4326, -99.1332, 120000, 3],
  ['Sydney', 'AU', 'Australia/Sydney', 'AUD', -33.8688, 151.2093, 21000, 3],
  ['Kyoto', 'JP', 'Asia/Tokyo', 'JPY', 35.0116, 135.7681, 15000, 3],
  ['Bangkok', 'TH', 'Asia/Bangkok', 'THB', 13.7563, 100.5018, 180000, 3],
  ['Cape Town', 'ZA', 'Africa/Johannesburg', 'ZAR', -33.9249, 18.4241, 150000, 2],
  ['Rio de Janeiro', 'BR', 'America/Sao_Paulo', 'BRL', -22.9068, -43.1729, 45000, 2],
  ['Vancouver', 'CA', 'America/Vancouver', 'CAD', 49.2827, -123.1207, 19000, 2],
  ['Miami', 'US', 'America/New_York', 'USD', 25.7617, -80.1918, 24000, 2],
  ['Edinburgh', 'GB', 'Europe/London', 'GBP', 55.9533, -3.1883, 13000, 2],
  ['Prague', 'CZ', 'Europe/Prague', 'CZK', 50.0755, 14.4378, 250000, 2],
  ['Vienna', 'AT', 'Europe/Vienna', 'EUR', 48.2082, 16.3738, 11000, 2],
  ['Seoul', 'KR', 'Asia/Seoul', 'KRW', 37.5665, 126.978, 120000, 2],
  ['Istanbul', 'TR', 'Europe/Istanbul', 'TRY', 41.0082, 28.9784, 300000, 2],
  ['Marrakesh', 'MA', 'Africa/Casablanca', 'MAD', 31.6295, -7.9811, 90000, 1],
  ['Reykjavik', 'IS', 'Atlantic/Reykjavik', 'ISK', 64.1466, -21.9426, 25000, 1],
  ['Dubai', 'AE', 'Asia/Dubai', 'AED', 25.2048, 55.2708, 70000, 1],
  ['Buenos Aires', 'AR', 'America/Argentina/Buenos_Aires', 'USD', -34.6037, -58.3816, 8000, 1],
  ['Bali', 'ID', 'Asia/Makassar', 'USD', -8.65, 115.2167, 9000, 1],
  ['Copenhagen', 'DK', 'Europe/Copenhagen', 'DKK', 55.6761, 12.5683, 130000, 1],
  ['Athens', 'GR', 'Europe/Athens', 'EUR', 37.9838, 23.7275, 8500, 1],
  ['Kuwait City', 'KW', 'Asia/Kuwait', 'KWD', 29.3759, 47.9774, 45000, 1],
  ['Montreal', 'CA', 'America/Toronto', 'CAD', 45.5019, -73.5674, 15000, 1],
];

// Amenity code and the share of listings that have it.
const AMENITIES = [
  ['wifi', 0.95],
  ['kitchen', 0.8],
  ['heating', 0.75],
  ['hot_water', 0.7],
  ['smoke_alarm', 0.7],
  ['washer', 0.55],
  ['tv', 0.55],
  ['air_conditioning', 0.45],
  ['workspace', 0.4],
  ['first_aid_kit', 0.35],
  ['carbon_monoxide_alarm', 0.35],
  ['fire_extinguisher', 0.35],
  ['dryer', 0.3],
  ['elevator', 0.3],
  ['balcony', 0.25],
  ['free_parking', 0.2],
  ['pets_allowed', 0.15],
  ['gym', 0.1],
  ['pool', 0.08],
  ['hot_tub', 0.06],
  ['waterfront', 0.05],
  ['beachfront', 0.04],
  ['ev_charger', 0.04],
  ['ski_in_out', 0.01],
];
const PROPERTY_TYPES = [
  ['entire_home', 0.65],
  ['private_room', 0.27],
  ['hotel_room', 0.05],
  ['shared_room', 0.03],
];
const BUILDING_KINDS = ['apartment', 'house', 'condo', 'loft', 'townhouse', 'villa', 'cabin'];
const POLICIES = [
  ['flexible', 0.35],
  ['moderate', 0.35],
  ['firm', 0.2],
  ['strict', 0.1],
];

const DAY_MS = 86_400_000;
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
const todayMs = () => Date.parse(new Date().toISOString().slice(0, 10));

function weighted(pairs) {
  const total = pairs.reduce((s, p) => s + p[p.length - 1], 0);
  let r = faker.number.float({ min: 0, max: total });
  for (const p of pairs) {
    r -= p[p.length - 1];
    if (r <= 0) return p;
  }
  return pairs[pairs.length - 1];
}

/** Log-normal around the city's typical price: most near it, a long tail of luxury. */
function priceNear(typical, currency) {
  const z = faker.number.float({ min: -1, max: 1 }) + faker.number.float({ min: -1, max: 1 });
  const raw = typical * Math.exp(0.45 * z);
  const step = currency === 'JPY' || currency === 'KRW' || currency === 'ISK' ? 100 : 500;
  return Math.max(step, Math.round(raw / step) * step);
}

async function insertRows(client, table, columns, rows) {
  if (rows.length === 0) return;
  // columns: [name, sqlType, expr?] — expr turns the unnested text into the column's type.
  const select = columns.map(([, , expr], i) => (expr ? expr(`c${i}`) : `c${i}`)).join(', ');
  const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  await client.query(
    `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')})
     SELECT ${select} FROM unnest(${unnest}) AS t(${aliases})`,
    columns.map((_, i) => rows.map((r) => r[i])),
  );
}

function migrate(databaseUrl) {
  return new Promise((resolve, reject) => {
    import('node:child_process').then(({ spawn }) => {
      const child = spawn(
        process.execPath,
        [join(root, 'dist/libs/core/src/database/migrate.js')],
        {
          env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`migrations exited with ${code}`)),
      );
    });
  });
}

/**
 * Fills the database named by `databaseUrl` (migrated first). Returns what it
 * made, including the listing ids by city and the host of each listing.
 */
export async function seed(databaseUrl, { listings, bookings, users }, { progress = true } = {}) {
  const { priceStay } = require(join(root, 'dist/libs/bookings/src/booking-pricing.js'));
  const { cancellationSnapshotOf } = require(
    join(root, 'dist/libs/bookings/src/cancellation-policy.js'),
  );
  const { ARGON2_OPTIONS } = require(join(root, 'dist/libs/auth/src/passwords.js'));
  const argon2 = require('argon2');
  await migrate(databaseUrl);
  faker.seed(20_261_201);

  const bar = progress
    ? new cliProgress.SingleBar(
        { format: 'seed [{bar}] {percentage}% | {value}/{total} rows | {stage}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const photosPerListing = 5;
  bar?.start(users + listings * (1 + photosPerListing) + bookings * 4, 0, { stage: 'users' });

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  try {
    await client.query('SET synchronous_commit = off');
    const passwordHash = await argon2.hash(BENCH_PASSWORD, ARGON2_OPTIONS);
    const hostCount = Math.max(1, Math.round(users * 0.2));
    const userIds = [];
    const BATCH = 5000;

    let rows = [];
    const flushUsers = async () => {
      await insertRows(
        client,
        'users',
        [
          ['id', 'uuid'],
          ['email', 'text'],
          ['password_hash', 'text'],
          ['first_name', 'text'],
          ['last_name', 'text'],
          ['is_host', 'boolean'],
          ['email_verified_at', 'timestamptz'],
          ['created_at', 'timestamptz'],
        ],
        rows,
      );
      bar?.increment(rows.length);
      rows = [];
    };
    for (let n = 0; n < users; n++) {
      const id = randomUUID();
      userIds.push(id);
      const created = faker.date.past({ years: 4 }).toISOString();
      rows.push([
        id,
        benchEmail(n),
        passwordHash,
        faker.person.firstName(),
        faker.person.lastName(),
        n < hostCount,
        created,
        created,
      ]);
      if (rows.length === BATCH) await flushUsers();
    }
    await flushUsers();

    bar?.update({ stage: 'listings' });
    const made = [];
    let photos = [];
    const listingColumns = [
      ['id', 'uuid'],
      ['host_id', 'uuid'],
      ['title', 'text'],
      ['description', 'text'],
      ['property_type', 'text'],
      ['building_kind', 'text'],
      ['address', 'text'],
      ['city', 'text'],
      ['country', 'text'],
      ['latitude', 'float8'],
      ['longitude', 'float8'],
      ['timezone', 'text'],
      ['currency', 'text'],
      ['nightly_price', 'int4'],
      ['cleaning_fee', 'int4'],
      ['weekly_discount_percent', 'int2'],
      ['monthly_discount_percent', 'int2'],
      ['occupancy_tax_percent', 'numeric'],
      ['max_guests', 'int4'],
      ['bedrooms', 'int4'],
      ['beds', 'int4'],
      ['bathrooms', 'numeric'],
      ['amenities', 'text', (c) => `string_to_array(${c}, ',')`],
      ['min_nights', 'int4'],
      ['max_nights', 'int4'],
      ['instant_book', 'boolean'],
      ['cancellation_policy', 'text'],
      ['status', 'text'],
      ['rating_avg', 'numeric'],
      ['rating_count', 'int4'],
      ['published_at', 'timestamptz'],
      ['created_at', 'timestamptz'],
    ];
    const flushListings = async () => {
      await insertRows(client, 'listings', listingColumns, rows);
      await insertRows(
        client,
        'listing_photos',
        [
          ['listing_id', 'uuid'],
          ['position', 'int4'],
          ['url', 'text'],
          ['caption', 'text'],
        ],
        photos,
      );
      bar?.increment(rows.length + photos.length);
      rows = [];
      photos = [];
    };
    for (let n = 0; n < listings; n++) {
      const [city, country, timezone, currency, lat, lng, typical] = weighted(CITIES);
      const [propertyType] = weighted(PROPERTY_TYPES);
      const id = randomUUID();
      const hostId = userIds[faker.number.int({ min: 0, max: hostCount - 1 })];
      const maxGuests =
        propertyType === 'entire_home'
          ? faker.helpers.weightedArrayElement([
              { value: 2, weight: 3 },
              { value: 4, weight: 4 },
              { value: 6, weight: 2 },
              { value: 8, weight: 1 },
              { value: 12, weight: 0.3 },
            ])
          : faker.number.int({ min: 1, max: 3 });
      const nightlyPrice = priceNear(
        propertyType === 'entire_home' ? typical : typical * 0.55,
        currency,
      );
      const amenities = AMENITIES.filter(([, share]) => faker.datatype.boolean(share)).map(
        ([code]) => code,
      );
      const status = faker.helpers.weightedArrayElement([
        { value: 'published', weight: 94 },
        { value: 'draft', weight: 3 },
        { value: 'unlisted', weight: 2 },
        { value: 'archived', weight: 1 },
      ]);
      const created = faker.date.past({ years: 3 });
      const minNights = faker.helpers.weightedArrayElement([
        { value: 1, weight: 6 },
        { value: 2, weight: 3 },
        { value: 3, weight: 1 },
      ]);
      const listing = {
        id,
        hostId,
        city,
        timezone,
        currency,
        nightlyPrice,
        cleaningFee: faker.datatype.boolean(0.7) ? Math.round(nightlyPrice * 0.3) : 0,
        weeklyDiscountPercent: faker.helpers.arrayElement([0, 0, 5, 10, 15]),
        monthlyDiscountPercent: faker.helpers.arrayElement([0, 10, 20, 25]),
        occupancyTaxPercent: faker.helpers.arrayElement([0, 5, 7.5, 10, 12]),
        minNights,
        maxNights: faker.helpers.arrayElement([30, 60, 90, 365]),
        maxGuests,
        status,
        policy: weighted(POLICIES)[0],
      };
      made.push(listing);
      const rating = faker.datatype.boolean(0.85);
      rows.push([
        id,
        hostId,
        `${faker.word.adjective({ length: { min: 4, max: 9 } })} ${faker.helpers.arrayElement(['loft', 'flat', 'studio', 'home', 'retreat', 'room', 'suite', 'house'])} in ${city}`,
        faker.lorem.paragraph({ min: 2, max: 4 }),
        propertyType,
        faker.helpers.arrayElement(BUILDING_KINDS),
        faker.location.streetAddress(),
        city,
        country,
        lat + faker.number.float({ min: -0.08, max: 0.08 }),
        lng + faker.number.float({ min: -0.1, max: 0.1 }),
        timezone,
        currency,
        nightlyPrice,
        listing.cleaningFee,
        listing.weeklyDiscountPercent,
        listing.monthlyDiscountPercent,
        listing.occupancyTaxPercent,
        maxGuests,
        Math.max(0, Math.ceil(maxGuests / 2) - (propertyType === 'entire_home' ? 0 : 1)),
        Math.max(1, Math.ceil(maxGuests / 1.5)),
        Math.max(1, Math.ceil(maxGuests / 3)),
        amenities.join(','),
        minNights,
        listing.maxNights,
        faker.datatype.boolean(0.6),
        listing.policy,
        status,
        rating ? faker.number.float({ min: 3.6, max: 5, fractionDigits: 2 }) : null,
        rating ? faker.number.int({ min: 1, max: 400 }) : 0,
        status === 'draft' ? null : created.toISOString(),
        created.toISOString(),
      ]);
      for (let p = 0; p < photosPerListing; p++)
        photos.push([
          id,
          p,
          `https://picsum.photos/seed/${id.slice(0, 8)}-${p}/1200/800`,
          p === 0 ? 'Living room' : null,
        ]);
      if (rows.length === BATCH) await flushListings();
    }
    await flushListings();

    // Bookings: each listing's stays follow one another (never overlapping) from
    // ~13 months ago to ~12 months ahead; past ones completed, future ones confirmed,
    // a few cancelled (a cancellation frees its dates: no hold).
    bar?.update({ stage: 'bookings' });
    const bookable = made.filter((l) => l.status !== 'draft');
    const today = todayMs();
    const horizon = today + 365 * DAY_MS;
    let bookingRows = [];
    let holdRows = [];
    let paymentRows = [];
    let eventRows = [];
    const flushBookings = async () => {
      await client.query('BEGIN');
      await insertRows(
        client,
        'bookings',
        [
          ['id', 'uuid'],
          ['listing_id', 'uuid'],
          ['guest_id', 'uuid'],
          ['host_id', 'uuid'],
          ['check_in', 'date'],
          ['check_out', 'date'],
          ['guests', 'int4'],
          ['mode', 'text'],
          ['status', 'text'],
          ['currency', 'text'],
          ['total', 'int8'],
          ['host_payout', 'int8'],
          ['price', 'jsonb'],
          ['cancellation_policy', 'text'],
          ['cancellation', 'jsonb'],
          ['paid_at', 'timestamptz'],
          ['confirmed_at', 'timestamptz'],
          ['completed_at', 'timestamptz'],
          ['cancelled_at', 'timestamptz'],
          ['cancelled_by', 'text'],
          ['created_at', 'timestamptz'],
          ['updated_at', 'timestamptz'],
        ],
        bookingRows,
      );
      await insertRows(
        client,
        'listing_calendar_holds',
        [
          ['listing_id', 'uuid'],
          ['during', 'text', (c) => `${c}::daterange`],
          ['kind', 'text'],
          ['booking_id', 'uuid'],
          ['created_at', 'timestamptz'],
        ],
        holdRows,
      );
      await insertRows(
        client,
        'payments',
        [
          ['id', 'uuid'],
          ['booking_id', 'uuid'],
          ['provider', 'text'],
          ['provider_ref', 'text'],
          ['capture_method', 'text'],
          ['status', 'text'],
          ['amount', 'int8'],
          ['currency', 'text'],
          ['amount_captured', 'int8'],
          ['amount_refunded', 'int8'],
          ['created_at', 'timestamptz'],
        ],
        paymentRows,
      );
      await insertRows(
        client,
        'booking_events',
        [
          ['booking_id', 'uuid'],
          ['event', 'text'],
          ['from_status', 'text'],
          ['to_status', 'text'],
          ['created_at', 'timestamptz'],
        ],
        eventRows,
      );
      await client.query('COMMIT');
      bar?.increment(bookingRows.length + holdRows.length + paymentRows.length + eventRows.length);
      bookingRows = [];
      holdRows = [];
      paymentRows = [];
      eventRows = [];
    };
    let made_bookings = 0;
    const perListing = Math.floor(bookings / bookable.length);
    const extra = bookings - perListing * bookable.length;
    for (let i = 0; i < bookable.length && made_bookings < bookings; i++) {
      const l = bookable[i];
      const want = perListing + (i < extra ? 1 : 0);
      let day = today - faker.number.int({ min: 380, max: 400 }) * DAY_MS;
      for (let k = 0; k < want; k++) {
        const nights = Math.min(
          l.maxNights,
          Math.max(
            l.minNights,
            faker.helpers.weightedArrayElement([
              { value: 1, weight: 1 },
              { value: 2, weight: 4 },
              { value: 3, weight: 5 },
              { value: 4, weight: 4 },
              { value: 5, weight: 3 },
              { value: 7, weight: 2 },
              { value: 10, weight: 1 },
              { value: 14, weight: 1 },
            ]),
          ),
        );
        // Spread the stays over the ~25 months left, whatever the count.
        const room = Math.max(0, Math.floor((horizon - day) / DAY_MS / (want - k)) - nights);
        day += faker.number.int({ min: 0, max: Math.min(room * 2, 180) }) * DAY_MS;
        const checkIn = isoDate(day);
        const checkOut = isoDate(day + nights * DAY_MS);
        day += nights * DAY_MS;
        const guests = faker.number.int({ min: 1, max: l.maxGuests });
        const quote = priceStay(
          {
            currency: l.currency,
            nightlyPrice: l.nightlyPrice,
            cleaningFee: l.cleaningFee,
            weeklyDiscountPercent: l.weeklyDiscountPercent,
            monthlyDiscountPercent: l.monthlyDiscountPercent,
            occupancyTaxPercent: l.occupancyTaxPercent,
            minNights: l.minNights,
            maxNights: l.maxNights,
            maxGuests: l.maxGuests,
          },
          { checkIn, checkOut, guests },
        );
        const bookedAt = new Date(
          Math.min(
            Date.now(),
            day - nights * DAY_MS - faker.number.int({ min: 1, max: 90 }) * DAY_MS,
          ),
        );
        const past = Date.parse(checkOut) <= today;
        const cancelled = faker.datatype.boolean(0.05);
        const status = cancelled
          ? faker.datatype.boolean(0.8)
            ? 'cancelled_by_guest'
            : 'cancelled_by_host'
          : past
            ? 'completed'
            : 'confirmed';
        let guestIdx = faker.number.int({ min: 0, max: users - 1 });
        if (userIds[guestIdx] === l.hostId) guestIdx = (guestIdx + 1) % users;
        const id = randomUUID();
        const paymentId = randomUUID();
        const at = bookedAt.toISOString();
        const paidAt = new Date(bookedAt.getTime() + 60_000).toISOString();
        const endedAt = past
          ? new Date(Date.parse(checkOut) + 12 * 3600_000).toISOString()
          : new Date(Math.min(Date.now(), bookedAt.getTime() + 3 * DAY_MS)).toISOString();
        bookingRows.push([
          id,
          l.id,
          userIds[guestIdx],
          l.hostId,
          checkIn,
          checkOut,
          guests,
          'instant',
          status,
          l.currency,
          quote.total.amount,
          quote.hostPayout.amount,
          JSON.stringify(quote),
          l.policy,
          JSON.stringify(cancellationSnapshotOf(quote, { timezone: l.timezone }, bookedAt)),
          paidAt,
          paidAt,
          status === 'completed' ? endedAt : null,
          cancelled ? endedAt : null,
          cancelled ? (status === 'cancelled_by_guest' ? 'guest' : 'host') : null,
          at,
          cancelled || past ? endedAt : paidAt,
        ]);
        if (!cancelled) holdRows.push([l.id, `[${checkIn},${checkOut})`, 'booking', id, at]);
        paymentRows.push([
          paymentId,
          id,
          'local',
          `local_pi_${paymentId}`,
          'automatic',
          cancelled ? 'refunded' : 'succeeded',
          quote.total.amount,
          l.currency,
          quote.total.amount,
          cancelled ? quote.total.amount : 0,
          at,
        ]);
        eventRows.push(
          [id, 'created', null, 'pending_payment', at],
          [id, 'payment_succeeded', 'pending_payment', 'confirmed', paidAt],
        );
        if (status !== 'confirmed')
          eventRows.push([
            id,
            status === 'completed'
              ? 'checked_out'
              : status === 'cancelled_by_guest'
                ? 'guest_cancelled'
                : 'host_cancelled',
            'confirmed',
            status,
            endedAt,
          ]);
        made_bookings++;
        if (bookingRows.length === BATCH) await flushBookings();
      }
    }
    await flushBookings();
    bar?.update({ stage: 'analyze' });
    await client.query('ANALYZE');
    bar?.stop();
    return {
      users,
      hosts: hostCount,
      listings: made.length,
      bookings: made_bookings,
      seconds: (performance.now() - started) / 1000,
      listingsMade: made,
    };
  } finally {
    bar?.stop();
    await client.end();
  }
}

function argValue(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { buildIfStale } = await import('../scripts/build-if-stale.mjs');
  buildIfStale();
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('Set DATABASE_URL to the database to fill (it is migrated first).');
    process.exit(2);
  }
  const counts = {
    listings: argValue('listings', 10_000),
    bookings: argValue('bookings', 100_000),
    users: argValue('users', 2_000),
  };
  const result = await seed(databaseUrl, counts);
  console.log(
    `Seeded ${result.users} users (${result.hosts} hosts), ${result.listings} listings, ${result.bookings} bookings in ${result.seconds.toFixed(1)} s`,
  );
}
