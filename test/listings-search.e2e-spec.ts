import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bearer, type Tokens } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import {
  createPublished,
  registerHost,
  send,
  uniqueCity,
  type ListingBody,
} from './support/listings';
import { testConfig } from './support/test-env';

interface Page {
  data: ListingBody[];
  nextCursor: string | null;
}

describe('listing search and caching (REST)', () => {
  let api: RunningApi;
  let host: Tokens;

  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    host = await registerHost(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  const search = async (query: Record<string, string | number | boolean>) => {
    const qs = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const res = await api.request(`/api/v1/listings?${qs}`);
    expect(res.status).toBe(200);
    return { page: (await res.json()) as Page, cache: res.headers.get('x-cache') };
  };
  const titles = (page: Page) => page.data.map((l) => l.title).sort();

  describe('filters', () => {
    const city = uniqueCity();
    let small: ListingBody, big: ListingBody, room: ListingBody;

    beforeAll(async () => {
      small = await createPublished(api, host.accessToken, {
        city,
        title: 'small',
        nightlyPrice: 8000,
        maxGuests: 2,
        amenities: ['wifi'],
        instantBook: false,
      });
      big = await createPublished(api, host.accessToken, {
        city,
        title: 'big',
        nightlyPrice: 30000,
        maxGuests: 8,
        amenities: ['wifi', 'pool', 'kitchen'],
        instantBook: true,
        minNights: 3,
      });
      room = await createPublished(api, host.accessToken, {
        city,
        title: 'room',
        nightlyPrice: 5000,
        currency: 'USD',
        maxGuests: 2,
        propertyType: 'private_room',
        amenities: ['kitchen', 'wifi'],
      });
      // A draft in the same city is never found.
      await api.request(
        '/api/v1/listings',
        json(
          { title: 'draft', propertyType: 'entire_home', currency: 'EUR', city },
          bearer(host.accessToken),
        ),
      );
    });

    it('city (any case), guests, property type, amenities (all of), instant book', async () => {
      expect(titles((await search({ city: city.toUpperCase() })).page)).toEqual([
        'big',
        'room',
        'small',
      ]);
      expect(titles((await search({ city, guests: 3 })).page)).toEqual(['big']);
      expect(titles((await search({ city, propertyType: 'private_room' })).page)).toEqual(['room']);
      expect(titles((await search({ city, amenities: 'wifi,kitchen' })).page)).toEqual([
        'big',
        'room',
      ]);
      expect(titles((await search({ city, instantBook: true })).page)).toEqual(['big', 'room']);
      expect(titles((await search({ city, country: 'FR' })).page)).toEqual([
        'big',
        'room',
        'small',
      ]);
      expect(titles((await search({ city, country: 'JP' })).page)).toEqual([]);
    });

    it('price range in a currency', async () => {
      expect(
        titles((await search({ city, currency: 'EUR', minPrice: 7000, maxPrice: 10000 })).page),
      ).toEqual(['small']);
      expect(titles((await search({ city, currency: 'USD', maxPrice: 10000 })).page)).toEqual([
        'room',
      ]);
    });

    it('dates: only listings free for every night, within min and max nights', async () => {
      const block = await api.request(
        `/api/v1/listings/${small.id}/blocks`,
        json({ startDate: '2028-08-03', endDate: '2028-08-05' }, bearer(host.accessToken)),
      );
      expect(block.status).toBe(201);
      // small is blocked on the 3rd and 4th; big needs 3 nights at least.
      expect(
        titles((await search({ city, checkIn: '2028-08-01', checkOut: '2028-08-04' })).page),
      ).toEqual(['big', 'room']);
      expect(
        titles((await search({ city, checkIn: '2028-08-01', checkOut: '2028-08-03' })).page),
      ).toEqual(['room', 'small']);
      // Check-out day of a stay is the block's first day: free.
      expect(
        titles((await search({ city, checkIn: '2028-08-05', checkOut: '2028-08-08' })).page),
      ).toEqual(['big', 'room', 'small']);
      const tooLong = await api.request(
        `/api/v1/listings/${room.id}`,
        send('PATCH', { maxNights: 2 }, host.accessToken),
      );
      expect(tooLong.status).toBe(200);
      expect(
        titles((await search({ city, checkIn: '2028-08-05', checkOut: '2028-08-08' })).page),
      ).toEqual(['big', 'small']);
      expect(big.id).toBeDefined();
    });
  });

  describe('place', () => {
    // A spot in the Southern Ocean no other test uses.
    const lat = -61.5 + Math.random();
    const lng = -140 + Math.random() * 10;
    const titlesNear = ['centre', '2km', '8km', '30km'];

    beforeAll(async () => {
      const offsets = [0, 2, 8, 30];
      for (const [i, km] of offsets.entries())
        await createPublished(api, host.accessToken, {
          title: titlesNear[i],
          city: uniqueCity(),
          latitude: lat + km / 111.32,
          longitude: lng,
          nightlyPrice: 10000 + i,
        });
    });

    it('radius around a point, sorted by distance', async () => {
      const { page } = await search({ lat, lng, radiusKm: 10, sort: 'distance' });
      expect(page.data.map((l) => l.title)).toEqual(['centre', '2km', '8km']);
      expect((await search({ lat, lng, radiusKm: 1 })).page.data.map((l) => l.title)).toEqual([
        'centre',
      ]);
    });

    it('bounding box with a price range', async () => {
      const box = { south: lat - 0.01, north: lat + 0.1, west: lng - 0.01, east: lng + 0.01 };
      expect(titles((await search(box)).page)).toEqual(['2km', '8km', 'centre']);
      expect(titles((await search({ ...box, currency: 'EUR', minPrice: 10001 })).page)).toEqual([
        '2km',
        '8km',
      ]);
    });
  });

  it('cursor paging is stable when sort values tie: every listing once, in order', async () => {
    const city = uniqueCity();
    const prices = [5000, 7000, 7000, 7000, 9000, 7000, 5000];
    const created: string[] = [];
    for (const nightlyPrice of prices)
      created.push((await createPublished(api, host.accessToken, { city, nightlyPrice })).id);
    for (const sort of ['price_asc', 'price_desc', 'newest', 'rating'] as const) {
      const seen: ListingBody[] = [];
      let cursor: string | null = null;
      do {
        const { page }: { page: Page } = await search({
          city,
          sort,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.data);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.map((l) => l.id).sort()).toEqual([...created].sort());
      if (sort === 'price_asc')
        expect(seen.map((l) => l.nightlyPrice.amount)).toEqual([...prices].sort((a, b) => a - b));
      if (sort === 'price_desc')
        expect(seen.map((l) => l.nightlyPrice.amount)).toEqual([...prices].sort((a, b) => b - a));
      if (sort === 'newest') expect(seen.map((l) => l.id)).toEqual([...created].reverse());
    }
  });

  describe('caching', () => {
    it('a repeated search is served from the cache; a write is visible on the very next read', async () => {
      const city = uniqueCity();
      const listing = await createPublished(api, host.accessToken, { city, nightlyPrice: 11000 });
      const first = await search({ city });
      expect(first.cache).toBe('MISS');
      const second = await search({ city });
      expect(second.cache).toBe('HIT');
      expect(second.page).toEqual(first.page);

      // Changed behind the API's back: the cached page still shows the old price, so it is the cache answering.
      await api.app
        .get(DataSource)
        .query('UPDATE listings SET nightly_price = 1 WHERE id = $1', [listing.id]);
      expect((await search({ city })).page.data[0].nightlyPrice.amount).toBe(11000);

      const patched = await api.request(
        `/api/v1/listings/${listing.id}`,
        send('PATCH', { nightlyPrice: 12500 }, host.accessToken),
      );
      expect(patched.status).toBe(200);
      const fresh = await search({ city });
      expect(fresh.cache).toBe('MISS');
      expect(fresh.page.data[0].nightlyPrice.amount).toBe(12500);

      await api.request(`/api/v1/listings/${listing.id}/unpublish`, {
        method: 'POST',
        headers: bearer(host.accessToken),
      });
      expect((await search({ city })).page.data).toEqual([]);
    });

    it('a block hides the listing from a dated search at once', async () => {
      const city = uniqueCity();
      const listing = await createPublished(api, host.accessToken, { city });
      const dates = { city, checkIn: '2028-09-01', checkOut: '2028-09-04' };
      expect((await search(dates)).page.data).toHaveLength(1);
      expect((await search(dates)).cache).toBe('HIT');
      await api.request(
        `/api/v1/listings/${listing.id}/blocks`,
        json({ startDate: '2028-09-03', endDate: '2028-09-04' }, bearer(host.accessToken)),
      );
      expect((await search(dates)).page.data).toHaveLength(0);
    });

    it('detail: cached, ETag + If-None-Match -> 304, fresh right after an edit', async () => {
      const listing = await createPublished(api, host.accessToken, { title: 'Before' });
      const path = `/api/v1/listings/${listing.id}`;
      const first = await api.request(path);
      const etag = first.headers.get('etag');
      expect(first.headers.get('x-cache')).toBe('MISS');
      expect(etag).toMatch(/^"[\w-]+"$/);
      const second = await api.request(path);
      expect(second.headers.get('x-cache')).toBe('HIT');
      expect(second.headers.get('etag')).toBe(etag);

      await api.app
        .get(DataSource)
        .query("UPDATE listings SET title = 'Behind' WHERE id = $1", [listing.id]);
      expect(((await (await api.request(path)).json()) as ListingBody).title).toBe('Before');

      const notModified = await api.request(path, { headers: { 'if-none-match': etag! } });
      expect(notModified.status).toBe(304);
      expect(await notModified.text()).toBe('');

      await api.request(path, send('PATCH', { title: 'After' }, host.accessToken));
      const changed = await api.request(path, { headers: { 'if-none-match': etag! } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(((await changed.json()) as ListingBody).title).toBe('After');
    });
  });
});
