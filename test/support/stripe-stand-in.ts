import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/** One request the stand-in received, as the SDK sent it. */
export interface RecordedStripeRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  idempotencyKey: string | undefined;
}

type StripeObject = Record<string, unknown> & { id: string };

/** An event the stand-in raised, as Stripe would send it (the object as it was then). */
export interface StandInEvent {
  id: string;
  type: string;
  created: number;
  object: Record<string, unknown>;
}

interface HeldResponse {
  method: string;
  pathPrefix: string;
  waiting: (() => void)[];
  arrived: Promise<void>;
  onArrival: () => void;
}

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/**
 * A local HTTP stand-in for the few Stripe API endpoints the payments code
 * uses. It keeps objects in memory, honours Idempotency-Key the way Stripe
 * does (same key and params: the first response again; other params: 400
 * idempotency_error), records every request, and signs webhook events.
 */
export class StripeStandIn {
  readonly requests: RecordedStripeRequest[] = [];
  readonly webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  private readonly intents = new Map<string, StripeObject>();
  private readonly refunds = new Map<string, StripeObject>();
  private readonly transfers = new Map<string, StripeObject>();
  private readonly reversals = new Map<string, StripeObject>();
  /** Every event raised, in order. */
  readonly events: StandInEvent[] = [];
  /** Refunds start `pending` (settled later with settleRefund), as bank refunds do. */
  refundsStartPending = false;
  private held: HeldResponse | undefined;
  private readonly idempotent = new Map<string, { params: string; status: number; body: string }>();
  private readonly stripe = new Stripe('sk_test_stand_in');
  private server?: Server;

  get url(): string {
    const port = (this.server?.address() as AddressInfo).port;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.server?.close((error) => (error ? reject(error) : resolve())),
    );
  }

  /** Requests to one path (by method and a path prefix). */
  requestsTo(method: string, pathPrefix: string): RecordedStripeRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  paymentIntent(piId: string): StripeObject | undefined {
    return this.intents.get(piId);
  }

  /** The PaymentIntents that exist for one of our payments (by the payment_id metadata). */
  paymentIntentsFor(paymentId: string): StripeObject[] {
    return [...this.intents.values()].filter(
      (pi) => (pi.metadata as Record<string, string>).payment_id === paymentId,
    );
  }

  /** Plays the card holder confirming in the browser: pays, authorises (manual capture) or is declined. */
  confirm(piId: string, outcome: 'succeed' | 'decline' = 'succeed'): StripeObject {
    const intent = this.mustFind(this.intents, piId, 'payment_intent');
    if (outcome === 'decline') {
      intent.status = 'requires_payment_method';
      intent.last_payment_error = { code: 'card_declined', message: 'Your card was declined.' };
      this.raise('payment_intent.payment_failed', intent);
    } else if (intent.capture_method === 'manual') {
      intent.status = 'requires_capture';
      intent.amount_capturable = intent.amount;
      intent.last_payment_error = null;
      this.raise('payment_intent.amount_capturable_updated', intent);
    } else {
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      intent.last_payment_error = null;
      this.raise('payment_intent.succeeded', intent);
      this.raise('charge.succeeded', this.chargeOf(intent));
    }
    return intent;
  }

  /**
   * Stripe cancels an intent without being asked by us: an authorisation that
   * lapsed (`automatic`), or one released from the Dashboard. Raises
   * payment_intent.canceled, as the cancel endpoint does.
   */
  cancel(piId: string, reason: 'automatic' | 'requested_by_customer' = 'automatic'): StripeObject {
    const intent = this.mustFind(this.intents, piId, 'payment_intent');
    intent.cancellation_reason = reason;
    return this.cancelIntent(intent);
  }

  /** A pending refund reaches its end (the bank answered): refund.updated, and charge.refunded on success. */
  settleRefund(refundId: string, status: 'succeeded' | 'failed' = 'succeeded'): StripeObject {
    const refund = this.mustFind(this.refunds, refundId, 'refund');
    refund.status = status;
    this.raise('refund.updated', refund);
    if (status === 'succeeded')
      this.raise(
        'charge.refunded',
        this.chargeOf(this.intents.get(String(refund.payment_intent))!),
      );
    return refund;
  }

  refund(refundId: string): StripeObject | undefined {
    return this.refunds.get(refundId);
  }

  refundsOf(piId: string): StripeObject[] {
    return [...this.refunds.values()].filter((r) => r.payment_intent === piId);
  }

  transfer(transferId: string): StripeObject | undefined {
    return this.transfers.get(transferId);
  }

  /** The events raised about one PaymentIntent (its charge and refunds included). */
  eventsAbout(piId: string): StandInEvent[] {
    return this.events.filter((e) => e.object.id === piId || e.object.payment_intent === piId);
  }

  /** Signs one event as Stripe delivers it. */
  delivery(event: StandInEvent): { payload: string; header: string } {
    const { payload, header } = this.signedEvent(event.type, event.object, {
      eventId: event.id,
      timestamp: Math.floor(Date.now() / 1000),
    });
    return { payload, header };
  }

  /** POSTs events to a webhook endpoint, signed; answers each response status. */
  async deliver(url: string, events: StandInEvent[]): Promise<number[]> {
    const statuses: number[] = [];
    for (const event of events) {
      const { payload, header } = this.delivery(event);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': header },
        body: payload,
      });
      await res.text();
      statuses.push(res.status);
    }
    return statuses;
  }

  /**
   * Holds the answers to requests matching `method` and `pathPrefix`: Stripe
   * does the work and records it, but the caller hears nothing until
   * `release()` (a client that dies meanwhile never learns the outcome).
   * Resolves when the first such request has arrived.
   */
  holdResponses(method: string, pathPrefix: string): Promise<void> {
    let onArrival = () => {};
    const arrived = new Promise<void>((resolve) => (onArrival = resolve));
    this.held = { method, pathPrefix, waiting: [], arrived, onArrival };
    return arrived;
  }

  /** Answers the held requests and stops holding. */
  release(): void {
    const held = this.held;
    this.held = undefined;
    for (const answer of held?.waiting ?? []) answer();
  }

  /** A webhook delivery as Stripe sends it: the JSON body and its Stripe-Signature header. */
  signedEvent(
    type: string,
    object: Record<string, unknown>,
    options: { timestamp?: number; secret?: string; eventId?: string } = {},
  ): { payload: string; header: string; eventId: string } {
    const eventId = options.eventId ?? id('evt');
    const created = options.timestamp ?? Math.floor(Date.now() / 1000);
    const payload = JSON.stringify({
      id: eventId,
      object: 'event',
      api_version: '2025-01-01',
      created,
      livemode: false,
      type,
      data: { object },
    });
    const header = this.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? this.webhookSecret,
      timestamp: created,
    });
    return { payload, header, eventId };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const params = Object.fromEntries(
      new URLSearchParams(req.method === 'GET' ? url.search : Buffer.concat(chunks).toString()),
    );
    const rawKey = req.headers['idempotency-key'];
    const idempotencyKey = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, params, idempotencyKey });

    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(body);
    };
    const replayKey =
      idempotencyKey && method === 'POST' ? `${url.pathname} ${idempotencyKey}` : '';
    const signature = JSON.stringify(params);
    const earlier = replayKey ? this.idempotent.get(replayKey) : undefined;
    if (earlier) {
      if (earlier.params !== signature) {
        send(
          400,
          JSON.stringify({
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with.`,
            },
          }),
        );
        return;
      }
      send(earlier.status, earlier.body);
      return;
    }
    let status = 200;
    let body: string;
    try {
      body = JSON.stringify(this.route(method, url.pathname, params));
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      status = error.status;
      body = JSON.stringify({
        error: { type: error.type, message: error.message, code: error.code },
      });
    }
    if (replayKey) this.idempotent.set(replayKey, { params: signature, status, body });
    const held = this.held;
    if (held && method === held.method && url.pathname.startsWith(held.pathPrefix)) {
      held.waiting.push(() => {
        if (!res.destroyed) send(status, body);
      });
      held.onArrival();
      return;
    }
    send(status, body);
  }

  private route(method: string, path: string, p: Record<string, string>): StripeObject {
    const parts = path.split('/').filter(Boolean); // ['v1', resource, id?, action?]
    const [version, resource, objectId, action] = parts;
    if (version !== 'v1')
      throw new StripeApiError(404, 'invalid_request_error', `No route ${path}`);
    if (resource === 'payment_intents') {
      if (method === 'POST' && !objectId) return this.createIntent(p);
      const intent = this.mustFind(this.intents, objectId, 'payment_intent');
      if (method === 'GET' && !action) return intent;
      if (method === 'POST' && action === 'capture') return this.captureIntent(intent, p);
      if (method === 'POST' && action === 'cancel') return this.cancelIntent(intent);
    }
    if (resource === 'refunds') {
      if (method === 'POST' && !objectId) return this.createRefund(p);
      if (method === 'GET' && objectId && !action)
        return this.mustFind(this.refunds, objectId, 'refund');
    }
    if (resource === 'transfers' && method === 'POST' && !objectId) return this.createTransfer(p);
    if (resource === 'transfers' && method === 'POST' && objectId && action === 'reversals')
      return this.reverseTransfer(this.mustFind(this.transfers, objectId, 'transfer'), p);
    throw new StripeApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path})`,
    );
  }

  private createIntent(p: Record<string, string>): StripeObject {
    const amount = this.positiveInt(p.amount, 'amount');
    const piId = id('pi');
    const intent: StripeObject = {
      id: piId,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      currency: this.required(p.currency, 'currency'),
      capture_method: p.capture_method ?? 'automatic_async',
      client_secret: `${piId}_secret_${randomBytes(12).toString('hex')}`,
      description: p.description ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: metadataOf(p),
      status: 'requires_payment_method',
      created: Math.floor(Date.now() / 1000),
    };
    this.intents.set(piId, intent);
    this.raise('payment_intent.created', intent);
    return intent;
  }

  private captureIntent(intent: StripeObject, p: Record<string, string>): StripeObject {
    if (intent.status !== 'requires_capture')
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `This PaymentIntent could not be captured because it has a status of ${String(intent.status)}.`,
        'payment_intent_unexpected_state',
      );
    const toCapture = p.amount_to_capture
      ? this.positiveInt(p.amount_to_capture, 'amount_to_capture')
      : (intent.amount as number);
    if (toCapture > (intent.amount_capturable as number))
      throw new StripeApiError(
        400,
        'invalid_request_error',
        'amount_to_capture is too large',
        'amount_too_large',
      );
    Object.assign(intent, {
      status: 'succeeded',
      amount_received: toCapture,
      amount_capturable: 0,
    });
    this.raise('payment_intent.succeeded', intent);
    this.raise('charge.captured', this.chargeOf(intent));
    return intent;
  }

  private cancelIntent(intent: StripeObject): StripeObject {
    if (intent.status === 'succeeded' || intent.status === 'canceled')
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `You cannot cancel this PaymentIntent because it has a status of ${String(intent.status)}.`,
        'payment_intent_unexpected_state',
      );
    Object.assign(intent, {
      status: 'canceled',
      amount_capturable: 0,
      canceled_at: Math.floor(Date.now() / 1000),
    });
    this.raise('payment_intent.canceled', intent);
    return intent;
  }

  private createRefund(p: Record<string, string>): StripeObject {
    const intent = this.mustFind(this.intents, p.payment_intent, 'payment_intent');
    if (intent.status !== 'succeeded')
      throw new StripeApiError(
        400,
        'invalid_request_error',
        'This PaymentIntent has not been charged',
        'charge_not_refundable',
      );
    const refunded = [...this.refunds.values()]
      .filter(
        (r) => r.payment_intent === intent.id && r.status !== 'failed' && r.status !== 'canceled',
      )
      .reduce((sum, r) => sum + (r.amount as number), 0);
    const left = (intent.amount_received as number) - refunded;
    const amount = p.amount ? this.positiveInt(p.amount, 'amount') : left;
    if (amount > left)
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        'amount_too_large',
      );
    const refund: StripeObject = {
      id: id('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      metadata: metadataOf(p),
      status: this.refundsStartPending ? 'pending' : 'succeeded',
      created: Math.floor(Date.now() / 1000),
    };
    this.refunds.set(refund.id, refund);
    this.raise('refund.created', refund);
    if (refund.status === 'succeeded') this.raise('charge.refunded', this.chargeOf(intent));
    return refund;
  }

  private createTransfer(p: Record<string, string>): StripeObject {
    const transfer: StripeObject = {
      id: id('tr'),
      object: 'transfer',
      amount: this.positiveInt(p.amount, 'amount'),
      currency: this.required(p.currency, 'currency'),
      destination: this.required(p.destination, 'destination'),
      transfer_group: p.transfer_group ?? null,
      metadata: metadataOf(p),
      reversed: false,
      created: Math.floor(Date.now() / 1000),
    };
    this.transfers.set(transfer.id, transfer);
    this.raise('transfer.created', transfer);
    return transfer;
  }

  private reverseTransfer(transfer: StripeObject, p: Record<string, string>): StripeObject {
    const reversed = [...this.reversals.values()]
      .filter((r) => r.transfer === transfer.id)
      .reduce((sum, r) => sum + (r.amount as number), 0);
    const left = (transfer.amount as number) - reversed;
    const amount = p.amount ? this.positiveInt(p.amount, 'amount') : left;
    if (amount > left)
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `Reversal amount (${amount}) is greater than the transfer's unreversed amount (${left})`,
        'amount_too_large',
      );
    const reversal: StripeObject = {
      id: id('trr'),
      object: 'transfer_reversal',
      amount,
      currency: transfer.currency,
      transfer: transfer.id,
      metadata: metadataOf(p),
      created: Math.floor(Date.now() / 1000),
    };
    this.reversals.set(reversal.id, reversal);
    Object.assign(transfer, { amount_reversed: reversed + amount, reversed: amount === left });
    this.raise('transfer.reversed', transfer);
    return reversal;
  }

  /** The PaymentIntent's charge as a charge event carries it. */
  private chargeOf(intent: StripeObject): Record<string, unknown> {
    const refunded = this.refundsOf(intent.id)
      .filter((r) => r.status === 'succeeded')
      .reduce((sum, r) => sum + (r.amount as number), 0);
    return {
      id: `ch_${intent.id.slice(3)}`,
      object: 'charge',
      amount: intent.amount,
      amount_captured: intent.amount_received,
      amount_refunded: refunded,
      currency: intent.currency,
      payment_intent: intent.id,
      refunded: refunded > 0 && refunded === intent.amount_received,
      status: 'succeeded',
    };
  }

  /** Records an event with a copy of the object as it is now. */
  private raise(type: string, object: Record<string, unknown>): void {
    this.events.push({
      id: id('evt'),
      type,
      created: Math.floor(Date.now() / 1000),
      object: structuredClone(object),
    });
  }

  private mustFind(
    map: Map<string, StripeObject>,
    key: string | undefined,
    what: string,
  ): StripeObject {
    const found = key ? map.get(key) : undefined;
    if (!found)
      throw new StripeApiError(
        404,
        'invalid_request_error',
        `No such ${what}: '${key}'`,
        'resource_missing',
      );
    return found;
  }

  private required(value: string | undefined, name: string): string {
    if (!value)
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `Missing required param: ${name}.`,
        'parameter_missing',
      );
    return value;
  }

  private positiveInt(value: string | undefined, name: string): number {
    const n = Number(this.required(value, name));
    if (!Number.isSafeInteger(n) || n < 1)
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `Invalid integer: ${value}`,
        'parameter_invalid_integer',
      );
    return n;
  }
}

/** `metadata[key]=value` form params back into an object. */
function metadataOf(p: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(p)) {
    const match = /^metadata\[(.+)\]$/.exec(key);
    if (match) metadata[match[1]] = value;
  }
  return metadata;
}
