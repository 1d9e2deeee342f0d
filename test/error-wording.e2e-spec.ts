import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, register, type Registered } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { book, day } from './support/bookings';
import { createPublished, registerHost, send } from './support/listings';
import { testConfig } from './support/test-env';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
  details?: Record<string, unknown>;
}

/** Errors written for people: one clear sentence, no internal names. */
describe('error wording', () => {
  let api: RunningApi;
  let guest: Registered;
  let host: Registered;

  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    guest = await register(api);
    host = await registerHost(api);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('an empty login body says each field is required, once', async () => {
    const res = await api.request('/api/v1/auth/login', json({}));
    expect(res.status).toBe(400);
    const body = (await res.json()) as Problem;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors).toEqual([
      { field: 'email', message: 'email is required' },
      { field: 'password', message: 'password is required' },
    ]);
  });

  it('a booking without guests says "guests is required" and nothing else about guests', async () => {
    const res = await book(api, guest.accessToken, {
      listingId: randomUUID(),
      checkIn: day(30),
      checkOut: day(32),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Problem;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors?.filter((e) => e.field === 'guests')).toEqual([
      { field: 'guests', message: 'guests is required' },
    ]);
  });

  it('a value that is present but wrong still gets its own rule', async () => {
    const res = await book(api, guest.accessToken, {
      listingId: randomUUID(),
      checkIn: day(30),
      checkOut: day(32),
      guests: 0,
    });
    const body = (await res.json()) as Problem;
    expect(body.errors).toContainEqual({
      field: 'guests',
      message: 'guests must not be less than 1',
    });
  });

  it.each([
    ['GET', '/api/v1/listings/not-a-uuid', 'id'],
    ['DELETE', `/api/v1/listings/${randomUUID()}/blocks/nope`, 'blockId'],
    ['GET', '/api/v1/bookings/123', 'id'],
  ])(
    'a bad UUID in the path (%s %s) -> VALIDATION_FAILED naming the parameter',
    async (method, path, field) => {
      const res = await api.request(path, { method, headers: bearer(host.accessToken) });
      expect(res.status).toBe(400);
      const body = (await res.json()) as Problem;
      expect(body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field, message: `${field} must be a UUID` }],
      });
      expect(body.detail).toMatch(new RegExp(`^${field} must be a UUID`));
    },
  );

  it('a bad UUID argument in GraphQL -> VALIDATION_FAILED naming the argument', async () => {
    const res = await api.request(
      '/graphql',
      json({ query: '{ listing(id: "not-a-uuid") { id } }' }),
    );
    const body = (await res.json()) as {
      errors: { extensions: { code: string; errors: unknown[] } }[];
    };
    expect(body.errors[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'id', message: 'id must be a UUID' }],
    });
  });

  it('dates the host blocked -> 409 DATES_UNAVAILABLE in plain words, without the constraint', async () => {
    const listing = await createPublished(api, host.accessToken);
    const blocked = await api.request(
      `/api/v1/listings/${listing.id}/blocks`,
      json({ startDate: day(40), endDate: day(45) }, bearer(host.accessToken)),
    );
    expect(blocked.status).toBe(201);
    const res = await book(api, guest.accessToken, {
      listingId: listing.id,
      checkIn: day(41),
      checkOut: day(43),
      guests: 2,
    });
    expect(res.status).toBe(409);
    const text = await res.text();
    const body = JSON.parse(text) as Problem;
    expect(body.code).toBe('DATES_UNAVAILABLE');
    expect(body.detail).toBe('These dates are not available for this listing.');
    expect(text).not.toMatch(/constraint|excl|no_overlap|_key|"details"/i);
  });

  it('a listing that cannot change state says why in words; its status is in details', async () => {
    const listing = await createPublished(api, host.accessToken);
    const res = await api.request(
      `/api/v1/listings/${listing.id}/publish`,
      send('POST', {}, host.accessToken),
    );
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      code: 'INVALID_LISTING_STATE',
      detail: 'This listing is already published.',
      details: { status: 'published' },
    });
  });
});
