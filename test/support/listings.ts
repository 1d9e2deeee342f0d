import { randomUUID } from 'node:crypto';
import { bearer, register, type Registered } from './accounts';
import { json, type RunningApi } from './api-server';

export interface ListingBody {
  id: string;
  hostId: string;
  title: string;
  status: string;
  city: string | null;
  nightlyPrice: { amount: number; currency: string };
  photos: { url: string; caption: string | null }[];
  [key: string]: unknown;
}

/** A registered user who became a host. */
export async function registerHost(api: RunningApi): Promise<Registered> {
  const tokens = await register(api);
  const res = await api.request('/api/v1/users/me/host', {
    method: 'POST',
    headers: bearer(tokens.accessToken),
  });
  if (res.status !== 200) throw new Error(`become host failed: ${res.status} ${await res.text()}`);
  return tokens;
}

/** A city name no other test uses, so searches see only this test's listings. */
export const uniqueCity = (): string => `Testville ${randomUUID().slice(0, 8)}`;

/** A complete, publishable listing body. */
export function listingInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Sunny canal-side loft',
    propertyType: 'entire_home',
    currency: 'EUR',
    description: 'Bright loft by the canal with a workspace.',
    buildingKind: 'loft',
    address: '12 Quai de Valmy',
    city: 'Paris',
    country: 'FR',
    latitude: 48.8716,
    longitude: 2.3661,
    timezone: 'Europe/Paris',
    nightlyPrice: 12000,
    cleaningFee: 3000,
    maxGuests: 4,
    bedrooms: 2,
    beds: 2,
    bathrooms: 1.5,
    amenities: ['wifi', 'kitchen'],
    photos: [{ url: 'https://picsum.photos/seed/a/1200/800', caption: 'Living room' }],
    minNights: 1,
    maxNights: 30,
    instantBook: true,
    cancellationPolicy: 'moderate',
    ...overrides,
  };
}

export function send(method: string, body: unknown, token: string): RequestInit {
  return { ...json(body, bearer(token)), method };
}

export async function createListing(
  api: RunningApi,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<ListingBody> {
  const res = await api.request('/api/v1/listings', json(listingInput(overrides), bearer(token)));
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as ListingBody;
}

export async function createPublished(
  api: RunningApi,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<ListingBody> {
  const listing = await createListing(api, token, overrides);
  const res = await api.request(`/api/v1/listings/${listing.id}/publish`, {
    method: 'POST',
    headers: bearer(token),
  });
  if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as ListingBody;
}
