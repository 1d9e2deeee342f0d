import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UsersService } from '@app/users';
import { bearer, register, type Registered } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { booked, day, getBooking, pay } from './support/bookings';
import { createPublished, registerHost } from './support/listings';
import { testConfig } from './support/test-env';

interface AdminBooking {
  booking: { id: string; status: string; cancelledBy: string | null; refund: unknown };
  payments: {
    status: string;
    amount: { amount: number };
    refunds: { amount: { amount: number }; status: string; reason: string }[];
  }[];
  events: { event: string; fromStatus: string | null; toStatus: string; actorId: string | null }[];
}

/** Admins read any booking with its money and history, and cancel on a party's behalf. */
describe('admin bookings (REST + GraphQL): read with payments and history, cancel on behalf', () => {
  let api: RunningApi;
  let admin: Registered;
  let host: Registered;
  let guest: Registered;

  beforeAll(async () => {
    api = await startApi(
      await testConfig({ RATE_LIMIT_PER_MINUTE: '0', REDIS_URL: process.env.REDIS_URL }),
    );
    admin = await register(api);
    await api.app.get(UsersService).setRole(admin.account.email, 'admin');
    host = await registerHost(api);
    guest = await register(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  const confirmedBooking = async (policy: string, from: number) => {
    const listing = await createPublished(api, host.accessToken, {
      cancellationPolicy: policy,
      nightlyPrice: 10000,
      cleaningFee: 0,
    });
    const booking = await booked(api, guest.accessToken, {
      listingId: listing.id,
      checkIn: day(from),
      checkOut: day(from + 2),
      guests: 2,
    });
    expect((await pay(api, guest.accessToken, booking)).status).toBe(200);
    return booking;
  };

  it('reads any booking with payments and every transition; others get 403', async () => {
    const booking = await confirmedBooking('moderate', 30);
    const res = await api.request(`/api/v1/admin/bookings/${booking.id}`, {
      headers: bearer(admin.accessToken),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as AdminBooking;
    expect(body.booking).toMatchObject({ id: booking.id, status: 'confirmed' });
    expect(body.payments).toMatchObject([{ status: 'succeeded', refunds: [] }]);
    expect(body.events.map((e) => [e.event, e.toStatus])).toEqual([
      ['created', 'pending_payment'],
      ['payment_succeeded', 'confirmed'],
    ]);
    expect(
      (
        await api.request(`/api/v1/admin/bookings/${booking.id}`, {
          headers: bearer(guest.accessToken),
        })
      ).status,
    ).toBe(403);
  });

  it("cancels on the guest's behalf with the policy refund, or with a full one; audited", async () => {
    // Firm, 10 days ahead: the policy refunds half of the nights.
    const policy = await confirmedBooking('firm', 10);
    const res = await api.request(
      `/api/v1/admin/bookings/${policy.id}/cancel`,
      json({ onBehalfOf: 'guest', reason: 'Guest called support' }, bearer(admin.accessToken)),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as AdminBooking;
    expect(body.booking).toMatchObject({
      status: 'cancelled_by_guest',
      cancelledBy: 'admin',
      refund: { amount: { amount: 10000 }, reason: 'half_of_unused_nights' },
    });
    expect(body.events.at(-1)).toMatchObject({
      event: 'guest_cancelled',
      actorId: admin.user.id,
    });

    const full = await confirmedBooking('firm', 12);
    const gql = await api.request(
      '/graphql',
      json(
        {
          query: `mutation ($id: ID!) { adminCancelBooking(id: $id, input: { onBehalfOf: "guest", refund: "full", reason: "Listing was misdescribed" }) {
            booking { status refund { amount { amount } reason } } events { event } } }`,
          variables: { id: full.id },
        },
        bearer(admin.accessToken),
      ),
    );
    expect(await gql.json()).toMatchObject({
      data: {
        adminCancelBooking: {
          booking: {
            status: 'cancelled_by_guest',
            refund: { amount: { amount: 22800 }, reason: 'admin_full_refund' },
          },
        },
      },
    });

    const audit = (await (
      await api.request(`/api/v1/admin/audit-log?targetId=${full.id}`, {
        headers: bearer(admin.accessToken),
      })
    ).json()) as { data: { action: string; reason: string; details: object }[] };
    expect(audit.data).toMatchObject([
      {
        action: 'booking.cancel',
        reason: 'Listing was misdescribed',
        details: { onBehalfOf: 'guest', refund: 'full' },
      },
    ]);

    const again = await api.request(
      `/api/v1/admin/bookings/${full.id}/cancel`,
      json({ onBehalfOf: 'host', reason: 'Twice' }, bearer(admin.accessToken)),
    );
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ALREADY_CANCELLED' });
    const bad = await api.request(
      `/api/v1/admin/bookings/${full.id}/cancel`,
      json({ onBehalfOf: 'nobody', reason: 'x' }, bearer(admin.accessToken)),
    );
    expect(bad.status).toBe(400);
  });

  it("cancels a paid booking on the host's behalf with a full refund; audited", async () => {
    // Strict, 3 days ahead: a guest's cancellation would refund nothing, the host's refunds all.
    const booking = await confirmedBooking('strict', 3);
    const paid = booking.payment!.amount.amount;
    expect(paid).toBeGreaterThan(0);

    const res = await api.request(
      `/api/v1/admin/bookings/${booking.id}/cancel`,
      json({ onBehalfOf: 'host', reason: 'Host reported a burst pipe' }, bearer(admin.accessToken)),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as AdminBooking;
    expect(body.booking).toMatchObject({
      status: 'cancelled_by_host',
      cancelledBy: 'admin',
      refund: { amount: { amount: paid }, reason: 'host_cancellation' },
    });
    expect(body.events.at(-1)).toMatchObject({
      event: 'host_cancelled',
      fromStatus: 'confirmed',
      toStatus: 'cancelled_by_host',
      actorId: admin.user.id,
    });

    // The admin view lists the refund under the payment it returns.
    const view = await api.request(`/api/v1/admin/bookings/${booking.id}`, {
      headers: bearer(admin.accessToken),
    });
    expect(view.status).toBe(200);
    expect(((await view.json()) as AdminBooking).payments).toMatchObject([
      {
        amount: { amount: paid },
        refunds: [{ amount: { amount: paid }, reason: 'host_cancellation' }],
      },
    ]);

    // The guest sees the cancellation and the whole amount coming back.
    expect(await getBooking(api, guest.accessToken, booking.id)).toMatchObject({
      status: 'cancelled_by_host',
      refund: { amount: { amount: paid }, reason: 'host_cancellation' },
    });

    const audit = await api.request(`/api/v1/admin/audit-log?targetId=${booking.id}`, {
      headers: bearer(admin.accessToken),
    });
    expect(audit.status).toBe(200);
    expect(((await audit.json()) as { data: unknown[] }).data).toMatchObject([
      {
        actorId: admin.user.id,
        action: 'booking.cancel',
        targetType: 'booking',
        targetId: booking.id,
        reason: 'Host reported a burst pipe',
        details: { onBehalfOf: 'host' },
      },
    ]);
  });
});
