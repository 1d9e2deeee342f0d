import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLObjectType } from 'graphql';
import { DataSource } from 'typeorm';
import { bearer, register, type Tokens } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { createPublished, listingInput, registerHost, uniqueCity } from './support/listings';
import { countQueries } from './support/sql-count';
import { testConfig } from './support/test-env';

interface GqlResult<T = Record<string, never>> {
  data: T | null;
  errors?: { message: string; extensions: { code: string } }[];
}

const LISTING_FIELDS = 'id title status nightlyPrice { amount currency } photos { url caption }';

describe('listings (GraphQL)', () => {
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

  const gql = async <T = Record<string, never>>(
    query: string,
    variables: object = {},
    token?: string,
  ) =>
    (await (
      await api.request('/graphql', json({ query, variables }, token ? bearer(token) : {}))
    ).json()) as GqlResult<T>;
  const code = (result: GqlResult<unknown>) => result.errors?.[0]?.extensions.code;

  it('create, update, publish, read, search, my listings, unpublish, archive', async () => {
    const city = uniqueCity();
    const created = await gql<{ createListing: { id: string; status: string } }>(
      `mutation($input: CreateListingInput!) { createListing(input: $input) { ${LISTING_FIELDS} } }`,
      { input: listingInput({ city, photos: [] }) },
      host.accessToken,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createListing.id;
    expect(created.data!.createListing.status).toBe('draft');

    const incomplete = await gql(
      `mutation($id: ID!) { publishListing(id: $id) { id } }`,
      { id },
      host.accessToken,
    );
    expect(code(incomplete)).toBe('LISTING_INCOMPLETE');

    const updated = await gql<{ updateListing: { title: string; photos: { url: string }[] } }>(
      `mutation($id: ID!, $input: UpdateListingInput!) { updateListing(id: $id, input: $input) { ${LISTING_FIELDS} } }`,
      {
        id,
        input: {
          title: 'Renamed over GraphQL',
          photos: [{ url: 'https://picsum.photos/seed/g/1200/800' }],
        },
      },
      host.accessToken,
    );
    expect(updated.data!.updateListing).toMatchObject({
      title: 'Renamed over GraphQL',
      photos: [{ url: 'https://picsum.photos/seed/g/1200/800' }],
    });

    const published = await gql<{ publishListing: { status: string } }>(
      `mutation($id: ID!) { publishListing(id: $id) { status } }`,
      { id },
      host.accessToken,
    );
    expect(published.data!.publishListing.status).toBe('published');

    const read = await gql<{ listing: { title: string; host: { id: string } } }>(
      `query($id: ID!) { listing(id: $id) { title host { id firstName } } }`,
      { id },
    );
    expect(read.data!.listing).toMatchObject({
      title: 'Renamed over GraphQL',
      host: { id: host.user.id },
    });

    const found = await gql<{
      listings: {
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean };
      };
    }>(
      `query($filter: ListingFilter) { listings(filter: $filter, sort: "price_asc", first: 10) { edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }`,
      { filter: { city, guests: 2, amenities: ['wifi'] } },
    );
    expect(found.data!.listings.edges.map((e) => e.node.id)).toEqual([id]);
    expect(found.data!.listings.pageInfo.hasNextPage).toBe(false);

    const mine = await gql<{ myListings: { edges: { node: { id: string } }[] } }>(
      '{ myListings(first: 100) { edges { node { id } } } }',
      {},
      host.accessToken,
    );
    expect(mine.data!.myListings.edges.map((e) => e.node.id)).toContain(id);

    const unpublished = await gql<{ unpublishListing: { status: string } }>(
      `mutation($id: ID!) { unpublishListing(id: $id) { status } }`,
      { id },
      host.accessToken,
    );
    expect(unpublished.data!.unpublishListing.status).toBe('unlisted');
    expect(code(await gql(`query($id: ID!) { listing(id: $id) { id } }`, { id }))).toBe(
      'NOT_FOUND',
    );
    const archived = await gql<{ archiveListing: { status: string } }>(
      `mutation($id: ID!) { archiveListing(id: $id) { status } }`,
      { id },
      host.accessToken,
    );
    expect(archived.data!.archiveListing.status).toBe('archived');
  });

  it('calendar: blockDates, overlap -> DATES_UNAVAILABLE, listingCalendar, unblockDates', async () => {
    const created = await gql<{ createListing: { id: string } }>(
      `mutation($input: CreateListingInput!) { createListing(input: $input) { id } }`,
      { input: listingInput() },
      host.accessToken,
    );
    const listingId = created.data!.createListing.id;
    await gql(
      `mutation($id: ID!) { publishListing(id: $id) { id } }`,
      { id: listingId },
      host.accessToken,
    );
    const blocked = await gql<{ blockDates: { id: string; startDate: string; endDate: string } }>(
      `mutation($listingId: ID!, $input: BlockDatesInput!) { blockDates(listingId: $listingId, input: $input) { id startDate endDate } }`,
      { listingId, input: { startDate: '2028-10-01', endDate: '2028-10-03' } },
      host.accessToken,
    );
    expect(blocked.data!.blockDates).toMatchObject({
      startDate: '2028-10-01',
      endDate: '2028-10-03',
    });
    const overlap = await gql(
      `mutation($listingId: ID!, $input: BlockDatesInput!) { blockDates(listingId: $listingId, input: $input) { id } }`,
      { listingId, input: { startDate: '2028-10-02', endDate: '2028-10-05' } },
      host.accessToken,
    );
    expect(code(overlap)).toBe('DATES_UNAVAILABLE');
    const calendar = await gql<{
      listingCalendar: { days: { date: string; status: string; price: { amount: number } }[] };
    }>(
      `query($listingId: ID!) { listingCalendar(listingId: $listingId, from: "2028-09-30", to: "2028-10-03") { days { date status price { amount currency } } } }`,
      { listingId },
    );
    expect(calendar.data!.listingCalendar.days.map((d) => d.status)).toEqual([
      'available',
      'blocked',
      'blocked',
      'available',
    ]);
    expect(calendar.data!.listingCalendar.days[0].price.amount).toBe(12000);
    const tooLong = await gql(
      `query($listingId: ID!) { listingCalendar(listingId: $listingId, from: "2028-01-01", to: "2032-06-01") { from } }`,
      { listingId },
    );
    expect(code(tooLong)).toBe('DATE_RANGE_TOO_LONG');
    const unblocked = await gql<{ unblockDates: boolean }>(
      `mutation($listingId: ID!, $blockId: ID!) { unblockDates(listingId: $listingId, blockId: $blockId) }`,
      { listingId, blockId: blocked.data!.blockDates.id },
      host.accessToken,
    );
    expect(unblocked.data!.unblockDates).toBe(true);
  });

  it('the same error codes as REST for bad input', async () => {
    const create = `mutation($input: CreateListingInput!) { createListing(input: $input) { id } }`;
    expect(code(await gql(create, { input: listingInput() }, guest.accessToken))).toBe('FORBIDDEN');
    expect(code(await gql(create, { input: listingInput() }))).toBe('UNAUTHENTICATED');
    expect(
      code(await gql(create, { input: listingInput({ latitude: -95 }) }, host.accessToken)),
    ).toBe('VALIDATION_FAILED');
    expect(
      code(await gql(create, { input: listingInput({ currency: 'ABC' }) }, host.accessToken)),
    ).toBe('VALIDATION_FAILED');
    expect(
      code(
        await gql(
          create,
          { input: listingInput({ minNights: 9, maxNights: 2 }) },
          host.accessToken,
        ),
      ),
    ).toBe('VALIDATION_FAILED');

    const other = await gql<{ createListing: { id: string } }>(
      create,
      { input: listingInput() },
      host.accessToken,
    );
    const intruder = await registerHost(api);
    expect(
      code(
        await gql(
          `mutation($id: ID!) { updateListing(id: $id, input: { title: "Taken over" }) { id } }`,
          { id: other.data!.createListing.id },
          intruder.accessToken,
        ),
      ),
    ).toBe('NOT_LISTING_OWNER');

    const search = (args: string) => gql(`{ listings(${args}) { edges { node { id } } } }`);
    expect(code(await search('first: 101'))).toBe('VALIDATION_FAILED');
    expect(code(await search('sort: "title"'))).toBe('VALIDATION_FAILED');
    expect(code(await search('after: "bm90LWEtY3Vyc29y"'))).toBe('INVALID_CURSOR');
    expect(code(await search('filter: { checkIn: "2028-01-05", checkOut: "2028-01-02" }'))).toBe(
      'INVALID_DATE_RANGE',
    );
    expect(code(await search('filter: { checkIn: "2028-01-01", checkOut: "2032-01-05" }'))).toBe(
      'DATE_RANGE_TOO_LONG',
    );
    expect(code(await search('filter: { lat: 100, lng: 0, radiusKm: 3 }'))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('plain fields are read as properties (no resolver per field); field resolvers stay', () => {
    const { schema } = api.app.get(GraphQLSchemaHost);
    const listing = schema.getType('Listing') as GraphQLObjectType;
    const fields = listing.getFields();
    expect(fields.title.resolve).toBeUndefined();
    expect(fields.photos.resolve).toBeUndefined();
    expect(fields.host.resolve).toBeDefined();
    expect(fields.reviews.resolve).toBeDefined();
  });

  it('a page of 50 listings with their hosts and photos costs a constant number of SQL queries', async () => {
    const city = uniqueCity();
    const ds = api.app.get(DataSource);
    // 50 listings by 50 different hosts, written directly: the point is the read.
    for (let i = 0; i < 50; i++) {
      const [user] = (await ds.query(
        `INSERT INTO users (email, password_hash, first_name, last_name, is_host) VALUES ($1, 'x', $2, 'Host', true) RETURNING id`,
        [`host-${randomUUID()}@example.com`, `Host${i}`],
      )) as { id: string }[];
      const [listing] = (await ds.query(
        `INSERT INTO listings (host_id, title, description, property_type, city, country, latitude, longitude, timezone,
           currency, nightly_price, status, published_at)
         VALUES ($1, $2, 'd', 'entire_home', $3, 'FR', 48.8, 2.3, 'Europe/Paris', 'EUR', $4, 'published', now()) RETURNING id`,
        [user.id, `Listing ${i}`, city, 5000 + i],
      )) as { id: string }[];
      await ds.query(
        `INSERT INTO listing_photos (listing_id, position, url) VALUES ($1, 0, 'https://x.test/a.jpg'), ($1, 1, 'https://x.test/b.jpg')`,
        [listing.id],
      );
    }
    const query = (first: number) =>
      gql<{ listings: { edges: { node: { host: { firstName: string }; photos: unknown[] } }[] } }>(
        `query($filter: ListingFilter, $first: Int) { listings(filter: $filter, first: $first, sort: "price_asc") {
           edges { node { id title host { id firstName } photos { url } } } } }`,
        { filter: { city }, first },
      );
    let page50: Awaited<ReturnType<typeof query>> | undefined;
    const for50 = await countQueries(api, async () => {
      page50 = await query(50);
    });
    const for5 = await countQueries(api, () => query(5));
    const again = await countQueries(api, () => query(50));
    expect(page50!.data!.listings.edges).toHaveLength(50);
    expect(page50!.data!.listings.edges.map((e) => e.node.host.firstName)).toEqual(
      Array.from({ length: 50 }, (_, i) => `Host${i}`),
    );
    expect(page50!.data!.listings.edges.every((e) => e.node.photos.length === 2)).toBe(true);
    // The search, the page's photos and one batched host load; nothing per row.
    expect(for50).toBe(3);
    // Another page: its search and photos; its hosts' public profiles are cached.
    expect(for5).toBe(2);
    // The same page again: the search page and the profiles both come from the cache.
    expect(again).toBe(0);
  });

  it("a host's profile edit and account deletion show through listings { host } at once", async () => {
    const owner = await registerHost(api);
    const city = uniqueCity();
    const { id } = await createPublished(api, owner.accessToken, { city });
    const hostOf = async () => {
      const result = await gql<{
        listings: {
          edges: { node: { id: string; host: { firstName: string; bio: string } | null } }[];
        };
      }>(
        `query($filter: ListingFilter) { listings(filter: $filter, first: 5) { edges { node { id host { id firstName bio } } } } }`,
        { filter: { city } },
      );
      expect(result.errors).toBeUndefined();
      return result.data!.listings.edges.find((e) => e.node.id === id)?.node.host;
    };
    expect(await hostOf()).toMatchObject({ firstName: owner.account.firstName });
    expect(await hostOf()).toMatchObject({ firstName: owner.account.firstName });

    const patched = await api.request('/api/v1/users/me', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(owner.accessToken) },
      body: JSON.stringify({ firstName: 'Renamed', bio: 'Loves canals' }),
    });
    expect(patched.status).toBe(200);
    expect(await hostOf()).toMatchObject({ firstName: 'Renamed', bio: 'Loves canals' });

    const updated = await gql(
      `mutation { updateProfile(input: { firstName: "Again" }) { firstName } }`,
      {},
      owner.accessToken,
    );
    expect(updated.errors).toBeUndefined();
    expect(await hostOf()).toMatchObject({ firstName: 'Again' });

    // Only public fields exist on a host.
    const privateField = await gql(
      `query($filter: ListingFilter) { listings(filter: $filter) { edges { node { host { email } } } } }`,
      { filter: { city } },
    );
    expect(privateField.errors?.length).toBeGreaterThan(0);
    expect(privateField.data ?? null).toBeNull();

    const deleted = await api.request('/api/v1/users/me', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json', ...bearer(owner.accessToken) },
      body: JSON.stringify({ password: owner.account.password }),
    });
    expect(deleted.status).toBe(204);
    // The anonymised account has no public profile any more.
    expect(await hostOf()).toBeFalsy();
  });
});
