import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode, httpStatusOf } from '@app/core';
import { bearer, newAccount } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { day } from './support/bookings';
import { guestReview, hostReview } from './support/reviews';
import { testConfig } from './support/test-env';
import {
  accountId,
  ACTORS,
  buildPeople,
  buildWorld,
  type Actor,
  type Member,
  type Person,
  type World,
} from './support/world';

/**
 * The authorization matrix. One world (support/world.ts) is seen by seven actors;
 * every /api/v1 operation of the live OpenAPI document and every GraphQL Query and
 * Mutation field is called as each of them, and the outcome must be the one in
 * MATRIX below. A new route or root field fails the first test until it has a row:
 * add `'METHOD /path': { expect: ... }` (or `'query name'` / `'mutation name'`) at
 * the place in the table where it may run, with params, query or body if the
 * defaults do not fit. Every answer is also searched for private values (emails,
 * phones, the street address, the payout account, the client secret, refresh
 * tokens, password hashes) that its actor must not see.
 *
 * What an actor gets from an operation, as a class:
 * - OK: authorisation let the call through: any 2xx, or a domain refusal that
 *   only an authorised caller can reach (409 conflict or state, 422 business rule);
 * - 400: refused on its content before any question of who asks (a made-up token in
 *   the body, a webhook without a signature);
 * - 401: not signed in (no token, or one revoked, e.g. by a suspension);
 * - 403: the actor may know the resource exists but may not do this;
 * - 404: the actor must not learn that the resource exists.
 * A GraphQL error is classed by the HTTP status of its `extensions.code`.
 */
const OK = 'OK';
type Outcome = typeof OK | 400 | 401 | 403 | 404;

/** Outcomes per actor: `rest` for every actor not named. */
const is = (rest: Outcome, named: Partial<Record<Actor, Outcome>> = {}): Record<Actor, Outcome> =>
  Object.fromEntries(ACTORS.map((actor) => [actor, named[actor] ?? rest])) as Record<
    Actor,
    Outcome
  >;
/** Anyone; the caller's token plays no part. */
const PUBLIC = is(OK);
/** Anyone; a token, when sent, must be valid (owners and admins also see drafts). */
const PUBLIC_OR_OWNER = is(OK, { suspended: 401 });
/** Any account, acting on itself. */
const SIGNED_IN = is(OK, { anonymous: 401, suspended: 401 });
/** Hosts only (payouts, listings): a guest may know the feature but not use it. */
const HOSTS = is(OK, { anonymous: 401, suspended: 401, guest: 403, otherGuest: 403 });
const ADMINS = is(403, { anonymous: 401, suspended: 401, admin: OK });
/** Operator routes take the operator's basic credentials, never a user's token. */
const OPERATORS = is(401);
/** The owning host (or an admin) changes a listing that everyone can see: 403 to others. */
const LISTING_OWNER = is(403, { anonymous: 401, suspended: 401, host: OK, admin: OK });
/** The booking's guest and host (and admins, who read every booking); 404 to strangers. */
const BOOKING_PARTIES = is(404, { anonymous: 401, suspended: 401, guest: OK, host: OK, admin: OK });
/**
 * The stay's guest and host; everyone else, admins included, gets 403
 * NOT_STAY_PARTICIPANT (unlike the booking itself, which is 404 to strangers).
 */
const STAY_PARTIES = is(403, { anonymous: 401, suspended: 401, guest: OK, host: OK });
/** The booking's host answers a request; its guest sees it but may not. */
const BOOKING_HOST = is(404, { anonymous: 401, suspended: 401, guest: 403, host: OK });

type Values = Record<string, unknown>;
interface Row {
  expect: Record<Actor, Outcome>;
  /** Path parameters, when the defaults (PATH_IDS, OTHER_PARAMS) do not fit the row. */
  params?: (w: World, actor: Actor) => Record<string, string>;
  /** Query string (REST) beyond the required parameters' examples. */
  query?: (w: World) => Record<string, string>;
  /** The JSON body (REST) or the variables (GraphQL); REST defaults to the schema's examples. */
  body?: (w: World, actor: Actor) => Values;
  /** Runs with accounts of its own: the row changes who the actors are (passwords, deletion). */
  fresh?: true;
}

const PASSWORD = newAccount().password;
const reason = { reason: 'Reported by several guests' };
const stay = (w: World) => ({
  listingId: w.listing.id,
  checkIn: day(40),
  checkOut: day(43),
  guests: 2,
});
const spare = (w: World) => ({ id: w.spareListing.id });
const calendar = () => ({ from: day(1), to: day(90) });
const quote = () => ({ checkIn: day(40), checkOut: day(43), guests: '2' });
/** Removing a block: the host and the admin each remove one of their own (REST 0-1, GraphQL 2-3). */
const blockOf = (w: World, actor: Actor, first: number) =>
  w.blockIds[actor === 'admin' ? first + 1 : first];
/** The guest writes the guest's side of a review, everyone else the host's. */
const review = (_: World, actor: Actor) => (actor === 'guest' ? guestReview() : hostReview());
/** Each account sets a payout account of its own, so no answer echoes the host's. */
const payout = (w: World, actor: Actor) => ({
  stripeAccountId: actor === 'host' ? w.payoutAccountId : accountId(),
});
const payment = (w: World) => ({
  outcome: 'succeed',
  clientSecret: w.booking.payment!.clientSecret,
});

/**
 * THE TABLE: every /api/v1 operation of the OpenAPI document and every GraphQL
 * root field, with what each actor must get. Rows run in this order (reads
 * first; rows that change the booking, the spare listing or roles after every
 * row that needs them as they were); within a row the actors call at once.
 */
const MATRIX: Record<string, Row> = {
  // Operator routes (basic auth).
  'POST /api/v1/system/jobs/ping': { expect: OPERATORS },
  'GET /api/v1/system/jobs/{id}': { expect: OPERATORS },
  'POST /api/v1/system/payments/reconcile': { expect: OPERATORS },
  // Signed by Stripe, not by a user: without a valid signature it is 400 for everyone.
  'POST /api/v1/payments/webhooks/stripe': { expect: is(400) },

  // Public reads.
  'GET /api/v1': { expect: PUBLIC },
  // The development mailbox: open outside production when no SMTP server is set (as here).
  'GET /api/v1/dev/mails': { expect: PUBLIC },
  'GET /api/v1/amenities': { expect: PUBLIC },
  'GET /api/v1/listings': { expect: PUBLIC, query: (w) => ({ city: String(w.listing.city) }) },
  'GET /api/v1/listings/{id}': { expect: PUBLIC_OR_OWNER },
  'GET /api/v1/listings/{id}/calendar': { expect: PUBLIC_OR_OWNER, query: calendar },
  'GET /api/v1/listings/{id}/quote': { expect: PUBLIC, query: quote },
  'GET /api/v1/listings/{id}/reviews': { expect: PUBLIC },
  'GET /api/v1/users/{id}': { expect: PUBLIC },
  'GET /api/v1/users/{id}/reviews': { expect: PUBLIC },
  'query amenities': { expect: PUBLIC },
  'query serverInfo': { expect: PUBLIC },
  'query listings': { expect: PUBLIC, body: (w) => ({ filter: { city: w.listing.city } }) },
  'query listing': { expect: PUBLIC_OR_OWNER, body: (w) => ({ id: w.listing.id }) },
  'query listingCalendar': {
    expect: PUBLIC_OR_OWNER,
    body: (w) => ({ listingId: w.listing.id, ...calendar() }),
  },
  'query quote': {
    expect: PUBLIC,
    body: (w) => ({ listingId: w.listing.id, ...quote(), guests: 2 }),
  },
  'query user': { expect: PUBLIC, body: (w) => ({ id: w.people.host.user.id }) },
  'query userReviews': { expect: PUBLIC, body: (w) => ({ userId: w.people.host.user.id }) },

  // One's own account.
  'GET /api/v1/users/me': { expect: SIGNED_IN },
  'GET /api/v1/users/me/listings': { expect: SIGNED_IN },
  'GET /api/v1/bookings': { expect: SIGNED_IN },
  'GET /api/v1/users/me/payouts': { expect: HOSTS },
  'GET /api/v1/users/me/payout-account': { expect: HOSTS },
  'query me': { expect: SIGNED_IN },
  'query myListings': { expect: SIGNED_IN },
  'query myBookings': { expect: SIGNED_IN },
  'query myPayouts': { expect: HOSTS },
  'query payoutAccount': { expect: HOSTS },

  // The booking and its stay.
  'GET /api/v1/bookings/{id}': { expect: BOOKING_PARTIES },
  'GET /api/v1/bookings/{id}/payments': { expect: BOOKING_PARTIES },
  'query booking': { expect: BOOKING_PARTIES, body: (w) => ({ id: w.booking.id }) },
  'GET /api/v1/bookings/{id}/reviews': { expect: STAY_PARTIES },
  'query stayReviews': { expect: STAY_PARTIES, body: (w) => ({ bookingId: w.stayId }) },

  // Admin reads.
  'GET /api/v1/admin/users': { expect: ADMINS },
  'GET /api/v1/admin/users/{id}': { expect: ADMINS },
  'GET /api/v1/admin/bookings/{id}': { expect: ADMINS },
  'GET /api/v1/admin/audit-log': { expect: ADMINS },
  'query adminUsers': { expect: ADMINS },
  'query adminBooking': { expect: ADMINS, body: (w) => ({ id: w.booking.id }) },
  'query adminAuditLog': { expect: ADMINS },

  // Sign-up and sign-in flows: public, the caller's token plays no part, and a
  // made-up credential or token is refused the same way for everyone.
  'POST /api/v1/auth/register': { expect: PUBLIC, body: () => newAccount() },
  'POST /api/v1/auth/login': { expect: is(401) },
  'POST /api/v1/auth/refresh': { expect: is(401) },
  'POST /api/v1/auth/logout': { expect: PUBLIC },
  'POST /api/v1/auth/verify-email': { expect: is(400) },
  'POST /api/v1/auth/password/forgot': { expect: PUBLIC },
  'POST /api/v1/auth/password/reset': { expect: is(400) },
  'POST /api/v1/auth/verify-email/resend': { expect: SIGNED_IN },
  'mutation register': { expect: PUBLIC, body: () => ({ input: newAccount() }) },
  'mutation login': {
    expect: is(401),
    body: () => ({ input: { email: 'nobody@example.com', password: PASSWORD } }),
  },
  'mutation refreshToken': {
    expect: is(401),
    body: () => ({ input: { refreshToken: 'not-a-refresh-token-at-all-0123456789' } }),
  },
  'mutation verifyEmail': { expect: is(400), body: () => ({ input: { token: 'not-a-token' } }) },
  'mutation requestPasswordReset': {
    expect: PUBLIC,
    body: () => ({ input: { email: 'nobody@example.com' } }),
  },
  'mutation resetPassword': {
    expect: is(400),
    body: () => ({ input: { token: 'not-a-token', newPassword: 'purple monkey dishwasher 42' } }),
  },
  'mutation resendVerificationEmail': { expect: SIGNED_IN },

  // Profile and payouts.
  'PATCH /api/v1/users/me': { expect: SIGNED_IN, body: () => ({ bio: 'Quiet traveller.' }) },
  'mutation updateProfile': { expect: SIGNED_IN, body: () => ({ input: { bio: 'Early riser.' } }) },
  'PUT /api/v1/users/me/payout-account': { expect: HOSTS, body: payout },
  'mutation setPayoutAccount': { expect: HOSTS, body: (w, a) => ({ input: payout(w, a) }) },

  // Listings: create, edit (the spare listing), block dates.
  'POST /api/v1/listings': { expect: HOSTS },
  'mutation createListing': {
    expect: HOSTS,
    body: () => ({ input: { title: 'Tiny cabin', propertyType: 'entire_home', currency: 'EUR' } }),
  },
  'PATCH /api/v1/listings/{id}': { expect: LISTING_OWNER, params: spare },
  'mutation updateListing': {
    expect: LISTING_OWNER,
    body: (w) => ({ id: w.spareListing.id, input: { title: 'Renamed loft' } }),
  },
  'POST /api/v1/listings/{id}/blocks': {
    expect: LISTING_OWNER,
    body: () => ({ startDate: day(80), endDate: day(82) }),
  },
  'mutation blockDates': {
    expect: LISTING_OWNER,
    body: (w) => ({ listingId: w.listing.id, input: { startDate: day(90), endDate: day(92) } }),
  },
  'DELETE /api/v1/listings/{id}/blocks/{blockId}': {
    expect: LISTING_OWNER,
    params: (w, actor) => ({ blockId: blockOf(w, actor, 0) }),
  },
  'mutation unblockDates': {
    expect: LISTING_OWNER,
    body: (w, actor) => ({ listingId: w.listing.id, blockId: blockOf(w, actor, 2) }),
  },
  'POST /api/v1/listings/{id}/publish': { expect: LISTING_OWNER, params: spare },
  'mutation publishListing': { expect: LISTING_OWNER, body: spare },
  'POST /api/v1/listings/{id}/unpublish': { expect: LISTING_OWNER, params: spare },
  'mutation unpublishListing': { expect: LISTING_OWNER, body: spare },

  // Bookings: book, pay, review, answer.
  'POST /api/v1/bookings': { expect: SIGNED_IN, body: stay },
  'mutation createBooking': {
    expect: SIGNED_IN,
    body: (w) => ({ input: { ...stay(w), checkIn: day(50), checkOut: day(52) } }),
  },
  // Only the payer pays; even the host, who sees the booking, gets 404.
  'POST /api/v1/payments/{id}/simulate': {
    expect: is(404, { anonymous: 401, suspended: 401, guest: OK }),
    body: payment,
  },
  'mutation simulatePayment': {
    expect: is(404, { anonymous: 401, suspended: 401, guest: OK }),
    body: (w) => ({ paymentId: w.booking.payment!.id, input: payment(w) }),
  },
  'POST /api/v1/bookings/{id}/reviews': { expect: STAY_PARTIES, body: review },
  'mutation createReview': {
    expect: STAY_PARTIES,
    body: (w, actor) => ({ bookingId: w.stayId, input: review(w, actor) }),
  },
  // The host of the stay answers the guest's review; the guest may read it but not answer.
  'POST /api/v1/reviews/{id}/response': {
    expect: is(403, { anonymous: 401, suspended: 401, host: OK }),
  },
  'mutation respondToReview': {
    expect: is(403, { anonymous: 401, suspended: 401, host: OK }),
    body: (w) => ({ reviewId: w.reviewId, input: { text: 'Thank you!' } }),
  },
  // Admins act on bookings through the admin routes: the party routes know them not.
  'POST /api/v1/bookings/{id}/accept': { expect: BOOKING_HOST },
  'mutation acceptBooking': { expect: BOOKING_HOST, body: (w) => ({ id: w.booking.id }) },
  'POST /api/v1/bookings/{id}/decline': { expect: BOOKING_HOST },
  'mutation declineBooking': { expect: BOOKING_HOST, body: (w) => ({ id: w.booking.id }) },
  'POST /api/v1/bookings/{id}/cancel': { expect: { ...BOOKING_PARTIES, admin: 404 } },
  'mutation cancelBooking': {
    expect: { ...BOOKING_PARTIES, admin: 404 },
    body: (w) => ({ id: w.booking.id, input: { reason: 'Plans changed' } }),
  },

  // Admin actions, after every row that needs the booking and the spare listing as they were.
  'POST /api/v1/admin/users/{id}/suspend': { expect: ADMINS },
  'mutation suspendUser': {
    expect: ADMINS,
    body: (w) => ({ id: w.target.user.id, input: reason }),
  },
  'POST /api/v1/admin/users/{id}/reinstate': { expect: ADMINS },
  'mutation reinstateUser': {
    expect: ADMINS,
    body: (w) => ({ id: w.target.user.id, input: reason }),
  },
  'POST /api/v1/admin/reviews/{id}/hide': { expect: ADMINS },
  'mutation hideReview': { expect: ADMINS, body: (w) => ({ id: w.reviewId, input: reason }) },
  'POST /api/v1/admin/bookings/{id}/cancel': { expect: ADMINS },
  'mutation adminCancelBooking': {
    expect: ADMINS,
    body: (w) => ({ id: w.booking.id, input: { ...reason, onBehalfOf: 'host' } }),
  },
  'POST /api/v1/admin/listings/{id}/unlist': { expect: ADMINS },
  'mutation adminUnlistListing': {
    expect: ADMINS,
    body: (w) => ({ id: w.spareListing.id, input: reason }),
  },
  'POST /api/v1/admin/listings/{id}/archive': { expect: ADMINS },
  'mutation adminArchiveListing': {
    expect: ADMINS,
    body: (w) => ({ id: w.spareListing.id, input: reason }),
  },
  'DELETE /api/v1/listings/{id}': { expect: LISTING_OWNER, params: spare },
  'mutation archiveListing': { expect: LISTING_OWNER, body: spare },

  // Roles and sessions change last; rows that end the actors' sessions get accounts of their own.
  'POST /api/v1/users/me/host': { expect: SIGNED_IN },
  'mutation becomeHost': { expect: SIGNED_IN },
  'POST /api/v1/users/me/password': {
    expect: SIGNED_IN,
    fresh: true,
    body: () => ({ currentPassword: PASSWORD, newPassword: 'purple monkey dishwasher 42' }),
  },
  'mutation changePassword': {
    expect: SIGNED_IN,
    fresh: true,
    body: () => ({
      input: { currentPassword: PASSWORD, newPassword: 'purple monkey dishwasher 42' },
    }),
  },
  'mutation logout': { expect: SIGNED_IN, fresh: true },
  'DELETE /api/v1/users/me': {
    expect: SIGNED_IN,
    fresh: true,
    body: () => ({ password: PASSWORD }),
  },
  'mutation deleteAccount': {
    expect: SIGNED_IN,
    fresh: true,
    body: () => ({ input: { password: PASSWORD } }),
  },
};

/** Default `{id}` of a path: the first pattern that matches decides. */
const PATH_IDS: [RegExp, (w: World) => string][] = [
  [/^\/api\/v1\/users\/\{id\}/, (w) => w.people.host.user.id],
  [/^\/api\/v1\/admin\/users\/\{id\}/, (w) => w.target.user.id],
  [/^\/api\/v1\/admin\/listings\/\{id\}/, (w) => w.spareListing.id],
  [/^\/api\/v1\/admin\/bookings\/\{id\}/, (w) => w.booking.id],
  [/^\/api\/v1\/admin\/reviews\/\{id\}/, (w) => w.reviewId],
  [/^\/api\/v1\/listings\/\{id\}/, (w) => w.listing.id],
  [/^\/api\/v1\/bookings\/\{id\}\/reviews$/, (w) => w.stayId],
  [/^\/api\/v1\/bookings\/\{id\}/, (w) => w.booking.id],
  [/^\/api\/v1\/payments\/\{id\}/, (w) => w.booking.payment!.id],
  [/^\/api\/v1\/reviews\/\{id\}/, (w) => w.reviewId],
  [/^\/api\/v1\/system\/jobs\/\{id\}/, () => randomUUID()],
];
/** Default values of the other path parameters, by name. */
const OTHER_PARAMS: Record<string, (w: World, actor: Actor) => string> = {
  blockId: (w, actor) => blockOf(w, actor, 0),
};

// ---- reading the live contract ----------------------------------------------------------

interface Schema {
  $ref?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** A value built from the schema's examples (every field has one: see swagger-examples). */
function example(document: OpenApiDocument, schema: Schema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.$ref)
    return example(document, document.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((part) => example(document, part)));
  if (schema.properties)
    return Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, example(document, value)]),
    );
  if (schema.items) return [example(document, schema.items)];
  return undefined;
}

/** A selection of every field reachable in `depth` steps that needs no argument. */
function selection(type: GraphQLOutputType, depth: number): string | undefined {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (depth === 0) return undefined;
  if (isUnionType(named))
    return `{ __typename ${named
      .getTypes()
      .map((member) => `... on ${member.name} ${selection(member, depth)}`)
      .join(' ')} }`;
  if (!isObjectType(named)) return '{ __typename }';
  const fields = Object.values(named.getFields())
    .filter((field) => field.args.every((arg) => !isNonNullType(arg.type)))
    .flatMap((field) => {
      const inner = selection(field.type, depth - 1);
      return inner === undefined ? [] : [`${field.name} ${inner}`];
    });
  return `{ __typename ${fields.join(' ')} }`;
}

function graphqlDocument(
  schema: GraphQLSchema,
  kind: 'query' | 'mutation',
  name: string,
  variables: Values,
): string {
  const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  const field = root!.getFields()[name];
  const args = field.args.filter((arg) => arg.name in variables);
  const definitions = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const call = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${kind}${definitions ? `(${definitions})` : ''} { ${name}${call ? `(${call})` : ''} ${selection(field.type, 3)} }`;
}

// ---- private fields -------------------------------------------------------------------------

/** Keys no answer carries, to anyone. */
const NEVER_KEYS = /^(password|passwordHash|password_hash|refreshTokenHash|tokenHash)$/i;

interface Secret {
  what: string;
  value: string;
  /** The actors entitled to see it; every other answer must not contain it. */
  seenBy: Actor[];
  /** Checked on its own while the public view still shows it (see the last test). */
  address?: true;
}

function secretsOf(w: World): Secret[] {
  const { people } = w;
  const member = Object.entries(people) as [Member, Person][];
  return [
    ...member.flatMap(([actor, person]) => [
      { what: `${actor}'s email`, value: person.account.email, seenBy: [actor, 'admin' as Actor] },
      { what: `${actor}'s phone`, value: person.phone, seenBy: [actor, 'admin' as Actor] },
      { what: `${actor}'s refresh token`, value: person.refreshToken, seenBy: [] },
    ]),
    { what: "target's email", value: w.target.account.email, seenBy: ['admin'] },
    { what: "the host's payout account", value: w.payoutAccountId, seenBy: ['host'] },
    {
      what: "the guest's payment client secret",
      value: w.booking.payment!.clientSecret!,
      seenBy: ['guest'],
    },
    {
      what: "the listing's street address",
      value: w.address,
      seenBy: ['host', 'guest', 'admin'],
      address: true,
    },
  ];
}

function neverKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => neverKeys(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(NEVER_KEYS.test(key) ? [`${path}.${key}`] : []),
    ...neverKeys(inner, `${path}.${key}`),
  ]);
}

// ---- the walk -------------------------------------------------------------------------------

interface Answer {
  /** The outcome class, or what came back when it is none of them (e.g. "500"). */
  outcome: string;
  /** Status or code and the start of the body, for the failure message. */
  summary: string;
  body: string;
}

const classOf = (status: number): string =>
  status < 300 || status === 409 || status === 422 ? OK : String(status);

interface LiveOperation {
  path: string;
  method: string;
  operation: Operation;
}

describe('authorization matrix: every REST operation and GraphQL root field, as every actor', () => {
  let api: RunningApi;
  let document: OpenApiDocument;
  let schema: GraphQLSchema;
  /** Every operation served: REST ones with their OpenAPI entry, GraphQL root fields with none. */
  const live = new Map<string, LiveOperation | undefined>();
  const mismatches: string[] = [];
  const leaks: string[] = [];
  const addressLeaks: string[] = [];

  const tokenOf = (w: World, actor: Actor) =>
    actor === 'anonymous' ? {} : bearer(w.people[actor].accessToken);

  async function callRest(w: World, actor: Actor, row: Row, op: LiveOperation): Promise<Answer> {
    const params = row.params?.(w, actor) ?? {};
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (params[name]) return params[name];
      if (name !== 'id') return OTHER_PARAMS[name](w, actor);
      const found = PATH_IDS.find(([pattern]) => pattern.test(op.path));
      if (!found) throw new Error(`no id for ${op.path}: add a pattern to PATH_IDS`);
      return found[1](w);
    });
    const query = new URLSearchParams({
      ...Object.fromEntries(
        (op.operation.parameters ?? [])
          .filter((p) => p.in === 'query' && p.required)
          .map((p) => [p.name, String(p.example ?? p.schema?.example)]),
      ),
      ...row.query?.(w),
    });
    const bodySchema = op.operation.requestBody?.content?.['application/json']?.schema;
    const body = row.body ? row.body(w, actor) : example(document, bodySchema);
    const res = await api.request(`${url}${query.size ? `?${query}` : ''}`, {
      method: op.method.toUpperCase(),
      headers: {
        ...tokenOf(w, actor),
        ...(op.method === 'get' ? {} : { 'idempotency-key': randomUUID() }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      outcome: classOf(res.status),
      summary: `${res.status} ${text.slice(0, 240)}`,
      body: text,
    };
  }

  async function callGraphql(w: World, actor: Actor, row: Row, key: string): Promise<Answer> {
    const [kind, name] = key.split(' ') as ['query' | 'mutation', string];
    const variables = row.body?.(w, actor) ?? {};
    const query = graphqlDocument(schema, kind, name, variables);
    const res = await api.request('/graphql', json({ query, variables }, tokenOf(w, actor)));
    const text = await res.text();
    const { errors } = JSON.parse(text) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const code = errors?.[0]?.extensions?.code;
    let outcome = OK;
    if (errors?.length)
      outcome =
        code && code in ErrorCode
          ? classOf(httpStatusOf(code as ErrorCode))
          : `GraphQL ${code}: ${errors[0].message}`;
    return { outcome, summary: `${code ?? res.status} ${text.slice(0, 240)}`, body: text };
  }

  function checkPrivacy(w: World, key: string, actor: Actor, answer: Answer): void {
    for (const secret of secretsOf(w))
      if (!secret.seenBy.includes(actor) && answer.body.includes(secret.value))
        (secret.address ? addressLeaks : leaks).push(`${key} as ${actor} shows ${secret.what}`);
    if (answer.body.includes('$argon2')) leaks.push(`${key} as ${actor} shows a password hash`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      return; // An empty 204: nothing to walk.
    }
    for (const at of neverKeys(parsed)) leaks.push(`${key} as ${actor} has the key ${at}`);
  }

  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    document = (await (await api.request('/docs-json')).json()) as OpenApiDocument;
    for (const [path, item] of Object.entries(document.paths)) {
      if (path !== '/api/v1' && !path.startsWith('/api/v1/')) continue;
      for (const method of METHODS)
        if (item[method])
          live.set(`${method.toUpperCase()} ${path}`, { path, method, operation: item[method] });
    }
    // The schema the server runs (the standard introspection query is deeper than the depth limit).
    schema = api.app.get(GraphQLSchemaHost).schema;
    for (const [kind, root] of [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as const)
      for (const name of Object.keys(root?.getFields() ?? {}))
        live.set(`${kind} ${name}`, undefined);

    const world = await buildWorld(api);
    for (const [key, row] of Object.entries(MATRIX)) {
      if (!live.has(key)) continue;
      const op = live.get(key);
      const w = row.fresh ? { ...world, people: await buildPeople(api) } : world;
      // The actors call at once: a row's outcomes must not depend on who came first.
      await Promise.all(
        ACTORS.map(async (actor) => {
          const answer = op
            ? await callRest(w, actor, row, op)
            : await callGraphql(w, actor, row, key);
          if (answer.outcome !== String(row.expect[actor]))
            mismatches.push(
              `${key} as ${actor}: expected ${row.expect[actor]}, got ${answer.outcome} (${answer.summary})`,
            );
          checkPrivacy(w, key, actor, answer);
        }),
      );
    }
  }, 180_000);

  afterAll(async () => {
    await api?.close();
  });

  it('has a row for every live operation and root field, and none for a gone one', () => {
    const missing = [...live.keys()]
      .filter((key) => !MATRIX[key])
      .map((key) => `add a row for ${key}`);
    const stale = Object.keys(MATRIX)
      .filter((key) => !live.has(key))
      .map((key) => `remove the row for ${key}: it is not served`);
    expect([...missing, ...stale]).toEqual([]);
  });

  it('answers every actor as the table says', () => {
    expect(mismatches).toEqual([]);
  });

  it('shows no private field to an actor who should not see it', () => {
    expect(leaks).toEqual([]);
  });

  it('shows the exact street address only to the host, the guest and admins', () => {
    expect(addressLeaks).toEqual([]);
  });
});
