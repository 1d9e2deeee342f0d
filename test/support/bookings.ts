import { bearer } from './accounts';
import { json, type RunningApi } from './api-server';

/** `YYYY-MM-DD`, `days` after `from` (UTC calendar). */
export function day(days: number, from: Date = new Date()): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface BookingBody {
  id: string;
  listingId: string;
  guestId: string;
  hostId: string;
  status: string;
  mode: string;
  checkIn: string;
  checkOut: string;
  total: { amount: number; currency: string };
  hostPayout: { amount: number; currency: string };
  payment: {
    id: string;
    status: string;
    clientSecret?: string | null;
    amount: { amount: number; currency: string };
    amountRefunded: { amount: number; currency: string };
  } | null;
  refund: {
    id: string;
    amount: { amount: number; currency: string };
    status: string;
    reason: string;
  } | null;
  [key: string]: unknown;
}

export async function book(
  api: RunningApi,
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return api.request('/api/v1/bookings', json(body, { ...bearer(token), ...headers }));
}

/** Books and checks the answer is 201. */
export async function booked(
  api: RunningApi,
  token: string,
  body: Record<string, unknown>,
): Promise<BookingBody> {
  const res = await book(api, token, body);
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as BookingBody;
}

/** The guest plays the card holder with the local provider. */
export async function pay(
  api: RunningApi,
  token: string,
  booking: BookingBody,
  outcome: 'succeed' | 'fail' = 'succeed',
): Promise<Response> {
  return api.request(
    `/api/v1/payments/${booking.payment!.id}/simulate`,
    json({ outcome, clientSecret: booking.payment!.clientSecret }, bearer(token)),
  );
}

export async function action(
  api: RunningApi,
  token: string,
  bookingId: string,
  what: 'accept' | 'decline' | 'cancel',
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  return api.request(
    `/api/v1/bookings/${bookingId}/${what}`,
    json(body, { ...bearer(token), ...headers }),
  );
}

export async function getBooking(
  api: RunningApi,
  token: string,
  bookingId: string,
): Promise<BookingBody> {
  const res = await api.request(`/api/v1/bookings/${bookingId}`, { headers: bearer(token) });
  if (res.status !== 200) throw new Error(`get booking failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as BookingBody;
}
