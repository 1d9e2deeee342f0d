import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TransactionRunner } from '@app/core';
import { ListingCalendar } from '@app/listings';
import { UsersService } from '@app/users';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, register, type Tokens } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import {
  createListing,
  createPublished,
  listingInput,
  registerHost,
  send,
  uniqueCity,
  type ListingBody,
} from './support/listings';
import { testConfig } from './support/test-env';

const PROBLEM = /^application\/problem\+json/;

interface Problem {
  code: string;
  errors?: { field: string }[];
  details?: { missing?: string[] };
  [key: string]: unknown;
}

describe('listings (REST)', () => {
  let api: RunningApi;
  let host: Tokens;
  let guest: Tokens;

  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    host = await registerHost(api);
    guest = await register(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  const get = (path: string, token?: string) =>
    api.request(path, { headers: token ? bearer(token) : {} });
  const post = (path: string, token: string, body: unknown = {}) =>
    api.request(path, json(body, bearer(token)));

  it('a host creates a draft: money in minor units with its currency, photos in order', async () => {
    const res = await post(
      '/api/v1/listings',
      host.accessToken,
      listingInput({
        currency: 'JPY',
        nightlyPrice: 18000,
        cleaningFee: 5000,
        photos: [
          { url: 'https://picsum.photos/seed/one/1200/800', caption: 'first' },
          { url: 'https://picsum.photos/seed/two/1200/800' },
        ],
      }),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as ListingBody;
    expect(body).toMatchObject({
      hostId: host.user.id,
      status: 'draft',
      nightlyPrice: { amount: 18000, currency: 'JPY' },
      cleaningFee: { amount: 5000, currency: 'JPY' },
      bathrooms: 1.5,
      amenities: ['wifi', 'kitchen'],
      photos: [
        { url: 'https://picsum.photos/seed/one/1200/800', caption: 'first' },
        { url: 'https://picsum.photos/seed/two/1200/800', caption: null },
      ],
      publishedAt: null,
    });
    const mine = await get('/api/v1/users/me/listings', host.accessToken);
    expect(((await mine.json()) as { data: ListingBody[] }).data.map((l) => l.id)).toContain(
      body.id,
    );
  });

  it('a guest creating -> 403 FORBIDDEN; nobody signed in -> 401', async () => {
    const res = await post('/api/v1/listings', guest.accessToken, listingInput());
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(PROBLEM);
    expect(((await res.json()) as Problem).code).toBe('FORBIDDEN');
    expect((await api.request('/api/v1/listings', json(listingInput()))).status).toBe(401);
  });

  it('publishing says what is missing (422 LISTING_INCOMPLETE), then publishes when complete', async () => {
    const draft = await createListing(api, host.accessToken, {
      photos: [],
      nightlyPrice: 0,
      latitude: undefined,
      description: undefined,
    });
    const refused = await post(`/api/v1/listings/${draft.id}/publish`, host.accessToken);
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as Problem;
    expect(problem.code).toBe('LISTING_INCOMPLETE');
    expect(problem.details).toEqual({
      missing: ['description', 'photos', 'nightlyPrice', 'latitude'],
    });
    expect(problem.errors?.map((e) => e.field)).toContain('photos');

    // Drafts are private: another user gets 404, the owner sees it.
    expect((await get(`/api/v1/listings/${draft.id}`)).status).toBe(404);
    expect((await get(`/api/v1/listings/${draft.id}`, guest.accessToken)).status).toBe(404);
    expect((await get(`/api/v1/listings/${draft.id}`, host.accessToken)).status).toBe(200);

    const patched = await api.request(
      `/api/v1/listings/${draft.id}`,
      send(
        'PATCH',
        {
          description: 'Now described',
          nightlyPrice: 9900,
          latitude: 48.87,
          photos: [{ url: 'https://picsum.photos/seed/p/1200/800' }],
        },
        host.accessToken,
      ),
    );
    expect(patched.status).toBe(200);
    const published = await post(`/api/v1/listings/${draft.id}/publish`, host.accessToken);
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ status: 'published' });
    const pub = await get(`/api/v1/listings/${draft.id}`);
    expect(pub.status).toBe(200);
    expect(await pub.json()).toMatchObject({ nightlyPrice: { amount: 9900, currency: 'EUR' } });
  });

  it('published <-> unlisted -> archived; an archived listing cannot change (409 INVALID_LISTING_STATE)', async () => {
    const listing = await createPublished(api, host.accessToken);
    const again = await post(`/api/v1/listings/${listing.id}/publish`, host.accessToken);
    expect(again.status).toBe(409);
    expect(((await again.json()) as Problem).code).toBe('INVALID_LISTING_STATE');

    const unlisted = await post(`/api/v1/listings/${listing.id}/unpublish`, host.accessToken);
    expect(await unlisted.json()).toMatchObject({ status: 'unlisted' });
    expect((await get(`/api/v1/listings/${listing.id}`)).status).toBe(404);
    expect((await post(`/api/v1/listings/${listing.id}/publish`, host.accessToken)).status).toBe(
      200,
    );

    const archived = await api.request(`/api/v1/listings/${listing.id}`, {
      method: 'DELETE',
      headers: bearer(host.accessToken),
    });
    expect(await archived.json()).toMatchObject({ status: 'archived' });
    const edit = await api.request(
      `/api/v1/listings/${listing.id}`,
      send('PATCH', { title: 'Revived' }, host.accessToken),
    );
    expect(edit.status).toBe(409);
    expect(((await edit.json()) as Problem).code).toBe('INVALID_LISTING_STATE');
  });

  it('a published listing cannot lose its photos (422)', async () => {
    const listing = await createPublished(api, host.accessToken);
    const res = await api.request(
      `/api/v1/listings/${listing.id}`,
      send('PATCH', { photos: [] }, host.accessToken),
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: 'LISTING_INCOMPLETE',
      details: { missing: ['photos'] },
    });
  });

  it('a non-owner editing -> 403 NOT_LISTING_OWNER; an admin may', async () => {
    const listing = await createPublished(api, host.accessToken);
    const other = await registerHost(api);
    for (const [method, path, body] of [
      ['PATCH', `/api/v1/listings/${listing.id}`, { title: 'Mine now' }],
      ['POST', `/api/v1/listings/${listing.id}/unpublish`, {}],
      [
        'POST',
        `/api/v1/listings/${listing.id}/blocks`,
        { startDate: '2028-01-01', endDate: '2028-01-03' },
      ],
      ['DELETE', `/api/v1/listings/${listing.id}`, undefined],
    ] as const) {
      const res = await api.request(path, {
        method,
        headers: {
          ...bearer(other.accessToken),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as Problem).code).toBe('NOT_LISTING_OWNER');
    }
    const admin = await register(api);
    await api.app.get(UsersService).setRole(admin.account.email, 'admin');
    const res = await api.request(
      `/api/v1/listings/${listing.id}`,
      send('PATCH', { title: 'Fixed by support' }, admin.accessToken),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ title: 'Fixed by support', hostId: host.user.id });
  });

  it.each([
    ['latitude out of range', { latitude: 91 }, 'latitude'],
    ['longitude out of range', { longitude: -180.5 }, 'longitude'],
    ['unknown country', { country: 'XX' }, 'country'],
    ['unknown currency', { currency: 'XYZ' }, 'currency'],
    ['unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
    ['unknown amenity', { amenities: ['wifi', 'moat'] }, 'amenities'],
    ['negative money', { nightlyPrice: -1 }, 'nightlyPrice'],
    ['non-integer money', { cleaningFee: 10.5 }, 'cleaningFee'],
    ['min nights > max nights', { minNights: 10, maxNights: 3 }, 'minNights'],
    [
      'more than 50 photos',
      { photos: Array.from({ length: 51 }, () => ({ url: 'https://x.test/p.jpg' })) },
      'photos',
    ],
    ['an unknown field', { hostId: randomUUID() }, 'hostId'],
  ])('bad input: %s -> 400 VALIDATION_FAILED naming the field', async (_, overrides, field) => {
    const res = await post('/api/v1/listings', host.accessToken, listingInput(overrides));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(PROBLEM);
    const problem = (await res.json()) as Problem;
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.field)).toContain(field);
  });

  it('min nights > max nights on an update (merged with the stored values) -> 400', async () => {
    const listing = await createListing(api, host.accessToken, { maxNights: 5 });
    const res = await api.request(
      `/api/v1/listings/${listing.id}`,
      send('PATCH', { minNights: 6 }, host.accessToken),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'minNights' }],
    });
  });

  it.each([
    [
      'check-out not after check-in',
      'checkIn=2028-03-10&checkOut=2028-03-10',
      'INVALID_DATE_RANGE',
    ],
    ['a range over 366 days', 'checkIn=2028-01-01&checkOut=2032-01-03', 'DATE_RANGE_TOO_LONG'],
    ['a page size over 100', 'limit=101', 'VALIDATION_FAILED'],
    ['a sort key not allowed', 'sort=title', 'VALIDATION_FAILED'],
    [
      'a cursor that was tampered with',
      'cursor=eyJzIjoibmV3ZXN0IiwidiI6IjsgRFJPUCIsImlkIjoieCJ9',
      'INVALID_CURSOR',
    ],
    ['a cursor that is not base64', 'cursor=%24%24%24', 'INVALID_CURSOR'],
    ['lat out of range', 'lat=123&lng=2&radiusKm=5', 'VALIDATION_FAILED'],
    ['a radius without a centre', 'radiusKm=5', 'VALIDATION_FAILED'],
    [
      'a bounding box across the 180th meridian',
      'south=-20&west=170&north=-10&east=-170',
      'VALIDATION_FAILED',
    ],
    ['a price bound without currency', 'maxPrice=100', 'VALIDATION_FAILED'],
    ['an invalid date', 'checkIn=2028-02-30&checkOut=2028-03-02', 'VALIDATION_FAILED'],
    ['distance sort without a centre', 'sort=distance', 'VALIDATION_FAILED'],
  ])('bad search: %s -> 400 %s', async (_, query, code) => {
    const res = await get(`/api/v1/listings?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(PROBLEM);
    expect(((await res.json()) as Problem).code).toBe(code);
  });

  it('a cursor of one sort used with another -> 400 INVALID_CURSOR', async () => {
    const city = uniqueCity();
    for (let i = 0; i < 2; i++) await createPublished(api, host.accessToken, { city });
    const first = (await (
      await get(`/api/v1/listings?city=${encodeURIComponent(city)}&limit=1`)
    ).json()) as {
      nextCursor: string;
    };
    expect(first.nextCursor).toEqual(expect.any(String));
    const res = await get(
      `/api/v1/listings?city=${encodeURIComponent(city)}&sort=price_asc&cursor=${first.nextCursor}`,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).code).toBe('INVALID_CURSOR');
  });

  it('a real cursor changed by the client (well-formed, another position) -> 400 INVALID_CURSOR', async () => {
    const city = uniqueCity();
    for (let i = 0; i < 2; i++) await createPublished(api, host.accessToken, { city });
    const path = `/api/v1/listings?city=${encodeURIComponent(city)}&limit=1`;
    const { nextCursor } = (await (await get(path)).json()) as { nextCursor: string };
    expect((await get(`${path}&cursor=${nextCursor}`)).status).toBe(200);
    const [body, mac] = nextCursor.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, string>;
    const moved = { ...payload, id: '00000000-0000-4000-8000-000000000000' };
    const res = await get(
      `${path}&cursor=${Buffer.from(JSON.stringify(moved)).toString('base64url')}.${mac}`,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).code).toBe('INVALID_CURSOR');
  });

  describe('calendar', () => {
    let listing: ListingBody;
    beforeAll(async () => {
      listing = await createPublished(api, host.accessToken, { nightlyPrice: 15000 });
    });

    it('blocks nights [start, end); overlapping -> 409 DATES_UNAVAILABLE; the end day stays free for the next', async () => {
      const block = await post(`/api/v1/listings/${listing.id}/blocks`, host.accessToken, {
        startDate: '2028-05-10',
        endDate: '2028-05-13',
        note: 'painting',
      });
      expect(block.status).toBe(201);
      const created = (await block.json()) as { id: string };
      expect(created).toMatchObject({
        startDate: '2028-05-10',
        endDate: '2028-05-13',
        note: 'painting',
      });

      const overlap = await post(`/api/v1/listings/${listing.id}/blocks`, host.accessToken, {
        startDate: '2028-05-12',
        endDate: '2028-05-14',
      });
      expect(overlap.status).toBe(409);
      expect(((await overlap.json()) as Problem).code).toBe('DATES_UNAVAILABLE');

      const adjacent = await post(`/api/v1/listings/${listing.id}/blocks`, host.accessToken, {
        startDate: '2028-05-13',
        endDate: '2028-05-14',
      });
      expect(adjacent.status).toBe(201);

      // A booking hold (what the bookings module does inside its transaction) shows as booked.
      const bookingId = randomUUID();
      await api.app.get(TransactionRunner).run((manager) =>
        api.app.get(ListingCalendar).hold(manager, {
          listingId: listing.id,
          checkIn: '2028-05-15',
          checkOut: '2028-05-17',
          bookingId,
        }),
      );
      await expect(
        api.app.get(TransactionRunner).run((manager) =>
          api.app.get(ListingCalendar).hold(manager, {
            listingId: listing.id,
            checkIn: '2028-05-16',
            checkOut: '2028-05-18',
            bookingId: randomUUID(),
          }),
        ),
      ).rejects.toMatchObject({ driverError: { code: '23P01' } });

      const calendarService = api.app.get(ListingCalendar);
      expect(await calendarService.isFree(listing.id, '2028-05-14', '2028-05-15')).toBe(true);
      expect(await calendarService.isFree(listing.id, '2028-05-14', '2028-05-16')).toBe(false);
      expect(await calendarService.isFree(listing.id, '2028-05-17', '2028-05-20')).toBe(true);

      const res = await get(
        `/api/v1/listings/${listing.id}/calendar?from=2028-05-09&to=2028-05-17`,
      );
      expect(res.status).toBe(200);
      const calendar = (await res.json()) as {
        days: { date: string; status: string; price: { amount: number; currency: string } }[];
      };
      expect(calendar.days.map((d) => `${d.date.slice(8)}:${d.status}`)).toEqual([
        '09:available',
        '10:blocked',
        '11:blocked',
        '12:blocked',
        '13:blocked',
        '14:available',
        '15:booked',
        '16:booked',
        '17:available',
      ]);
      expect(calendar.days[0].price).toEqual({ amount: 15000, currency: 'EUR' });

      const unblock = await api.request(`/api/v1/listings/${listing.id}/blocks/${created.id}`, {
        method: 'DELETE',
        headers: bearer(host.accessToken),
      });
      expect(unblock.status).toBe(204);
      const released = await api.app
        .get(TransactionRunner)
        .run((manager) => api.app.get(ListingCalendar).release(manager, bookingId));
      expect(released).toBe(true);
      const after = (await (
        await get(`/api/v1/listings/${listing.id}/calendar?from=2028-05-10&to=2028-05-16`)
      ).json()) as { days: { status: string }[] };
      expect(after.days.map((d) => d.status)).toEqual([
        'available',
        'available',
        'available',
        'blocked',
        'available',
        'available',
        'available',
      ]);
      const gone = await api.request(`/api/v1/listings/${listing.id}/blocks/${created.id}`, {
        method: 'DELETE',
        headers: bearer(host.accessToken),
      });
      expect(gone.status).toBe(404);
    });

    it('concurrent overlapping blocks and a booking hold: exactly one wins, the rest get DATES_UNAVAILABLE', async () => {
      const target = await createPublished(api, host.accessToken);
      const blocks = Array.from({ length: 6 }, (_, i) =>
        post(`/api/v1/listings/${target.id}/blocks`, host.accessToken, {
          startDate: `2028-11-0${1 + (i % 3)}`,
          endDate: '2028-11-06',
        }),
      );
      const hold = api.app
        .get(TransactionRunner)
        .run((manager) =>
          api.app.get(ListingCalendar).hold(manager, {
            listingId: target.id,
            checkIn: '2028-11-04',
            checkOut: '2028-11-08',
            bookingId: randomUUID(),
          }),
        )
        .then(
          () => 201,
          (error: { driverError?: { code?: string } }) =>
            error.driverError?.code === '23P01' ? 409 : 500,
        );
      const statuses = await Promise.all([...blocks.map((r) => r.then((res) => res.status)), hold]);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(6);
      const [{ count }] = (await api.app
        .get(DataSource)
        .query('SELECT count(*)::int AS count FROM listing_calendar_holds WHERE listing_id = $1', [
          target.id,
        ])) as { count: number }[];
      expect(count).toBe(1);
    });

    it.each([
      ['to before from', 'from=2028-02-10&to=2028-02-01', 'INVALID_DATE_RANGE'],
      ['over 366 days', 'from=2028-01-01&to=2032-01-02', 'DATE_RANGE_TOO_LONG'],
      ['a missing bound', 'from=2028-01-01', 'VALIDATION_FAILED'],
    ])('calendar with %s -> 400 %s', async (_, query, code) => {
      const res = await get(`/api/v1/listings/${listing.id}/calendar?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).code).toBe(code);
    });

    it('a block with the end not after the start -> 400 INVALID_DATE_RANGE', async () => {
      const res = await post(`/api/v1/listings/${listing.id}/blocks`, host.accessToken, {
        startDate: '2028-06-10',
        endDate: '2028-06-10',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).code).toBe('INVALID_DATE_RANGE');
    });
  });

  it('Swagger documents every listing route with a summary, its responses and examples', async () => {
    const doc = (await (await get('/docs-json')).json()) as {
      paths: Record<
        string,
        Record<string, { summary?: string; responses: Record<string, unknown> }>
      >;
      components: {
        schemas: Record<string, { properties: Record<string, { example?: unknown }> }>;
      };
    };
    const routes = [
      ['/api/v1/listings', 'post'],
      ['/api/v1/listings', 'get'],
      ['/api/v1/listings/{id}', 'get'],
      ['/api/v1/listings/{id}', 'patch'],
      ['/api/v1/listings/{id}', 'delete'],
      ['/api/v1/listings/{id}/publish', 'post'],
      ['/api/v1/listings/{id}/unpublish', 'post'],
      ['/api/v1/listings/{id}/calendar', 'get'],
      ['/api/v1/listings/{id}/blocks', 'post'],
      ['/api/v1/listings/{id}/blocks/{blockId}', 'delete'],
      ['/api/v1/users/me/listings', 'get'],
      ['/api/v1/amenities', 'get'],
    ];
    for (const [path, method] of routes) {
      const operation = doc.paths[path]?.[method];
      expect(operation?.summary).toEqual(expect.any(String));
      expect(Object.keys(operation!.responses).length).toBeGreaterThan(0);
    }
    expect(Object.keys(doc.paths['/api/v1/listings/{id}'].get.responses)).toEqual(
      expect.arrayContaining(['200', '304', '404']),
    );
    const create = doc.components.schemas.CreateListingInput.properties;
    expect(create.title.example).toBe('Sunny canal-side loft');
    expect(create.nightlyPrice.example).toBe(12000);
    expect(doc.components.schemas.ListingView.properties.nightlyPrice).toBeDefined();
  });

  it('the amenity catalogue', async () => {
    const res = await get('/api/v1/amenities');
    expect(res.status).toBe(200);
    const amenities = (await res.json()) as { code: string }[];
    expect(amenities).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'wifi', label: 'Wi-Fi' })]),
    );
  });
});
