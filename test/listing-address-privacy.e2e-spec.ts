import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { distanceMetres } from '@app/listings';
import { UsersService } from '@app/users';
import { bearer, register, type Registered } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { booked, day, pay } from './support/bookings';
import { createPublished, registerHost, uniqueCity, type ListingBody } from './support/listings';
import { testConfig } from './support/test-env';

const REAL = { latitude: 48.8716, longitude: 2.3661 };
const STREET = '12 Quai de Valmy';

interface Located {
  id: string;
  address: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** The street address and exact point are for the host, admins and guests with a confirmed stay. */
describe('listing address privacy', () => {
  let api: RunningApi;
  let host: Registered;
  let admin: Registered;
  let confirmedGuest: Registered;
  let pendingGuest: Registered;
  let listing: ListingBody;
  const city = uniqueCity();

  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    host = await registerHost(api);
    listing = await createPublished(api, host.accessToken, { city, ...REAL, address: STREET });
    admin = await register(api);
    await api.app.get(UsersService).setRole(admin.account.email, 'admin');
    confirmedGuest = await register(api);
    const stay = await booked(api, confirmedGuest.accessToken, {
      listingId: listing.id,
      checkIn: day(30),
      checkOut: day(32),
      guests: 2,
    });
    expect((await pay(api, confirmedGuest.accessToken, stay)).status).toBe(200);
    // Booked but not paid: not confirmed, so still the public view.
    pendingGuest = await register(api);
    await booked(api, pendingGuest.accessToken, {
      listingId: listing.id,
      checkIn: day(40),
      checkOut: day(42),
      guests: 2,
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  const detail = async (token?: string) => {
    const res = await api.request(`/api/v1/listings/${listing.id}`, {
      headers: token ? bearer(token) : {},
    });
    expect(res.status).toBe(200);
    return { text: await res.clone().text(), body: (await res.json()) as Located };
  };
  const expectApproximate = (view: Located) => {
    expect(view.address).toBeNull();
    expect(view.city).toBe(city);
    const moved = distanceMetres(REAL, {
      latitude: view.latitude!,
      longitude: view.longitude!,
    });
    expect(moved).toBeGreaterThan(100);
    expect(moved).toBeLessThan(1000);
  };

  it('anonymous and a guest without a confirmed stay see no street and a point moved 100 m-1 km, the same on every request (cached or not)', async () => {
    const first = await detail();
    expectApproximate(first.body);
    expect(first.text).not.toContain(STREET);
    const second = await detail();
    expect(second.body).toEqual(first.body);
    const pending = await detail(pendingGuest.accessToken);
    expect(pending.body).toEqual(first.body);
  });

  it('the host, an admin and the guest of a confirmed stay see the exact address and point; the public view stays approximate after', async () => {
    for (const who of [host, admin, confirmedGuest]) {
      const { body } = await detail(who.accessToken);
      expect(body).toMatchObject({ address: STREET, ...REAL });
    }
    const after = await detail();
    expectApproximate(after.body);
  });

  it('search (REST and GraphQL) finds by the exact point but shows only the approximate one', async () => {
    const near = await api.request(
      `/api/v1/listings?lat=${REAL.latitude}&lng=${REAL.longitude}&radiusKm=0.1&sort=distance&city=${encodeURIComponent(city)}`,
    );
    const nearText = await near.text();
    expect(near.status).toBe(200);
    const page = JSON.parse(nearText) as { data: Located[] };
    expect(page.data.map((l) => l.id)).toEqual([listing.id]);
    expectApproximate(page.data[0]);
    expect(nearText).not.toContain(STREET);

    const gql = await api.request(
      '/graphql',
      json(
        {
          query: `query($id: ID!, $city: String!) {
            listing(id: $id) { address latitude longitude city }
            listings(filter: { city: $city }) { edges { node { id address latitude longitude } } }
          }`,
          variables: { id: listing.id, city },
        },
        bearer(pendingGuest.accessToken),
      ),
    );
    const text = await gql.text();
    expect(text).not.toContain(STREET);
    const { data } = JSON.parse(text) as {
      data: { listing: Located; listings: { edges: { node: Located }[] } };
    };
    const { body: publicView } = await detail();
    expect(data.listing).toMatchObject({ address: null, latitude: publicView.latitude });
    expect(data.listings.edges[0].node).toMatchObject({
      address: null,
      latitude: publicView.latitude,
      longitude: publicView.longitude,
    });
  });
});
