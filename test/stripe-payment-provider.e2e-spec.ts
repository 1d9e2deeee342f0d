import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppConfig, ConfigModule, DomainError, ErrorCode, httpStatusOf, money } from '@app/core';
import {
  LocalPaymentProvider,
  PAYMENT_PROVIDER,
  PaymentsModule,
  StripePaymentProvider,
  type PaymentProvider,
} from '@app/payments';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { StripeStandIn } from './support/stripe-stand-in';

const standIn = new StripeStandIn();
let provider: StripePaymentProvider;

/** The application's DataSource, which the local provider keeps its payments in (unused here). */
@Global()
@Module({ providers: [{ provide: DataSource, useValue: {} }], exports: [DataSource] })
class DatabaseStandIn {}

/** The provider PaymentsModule builds from this environment. */
async function providerFromConfig(env: Record<string, string>): Promise<PaymentProvider> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(AppConfig.load(env)), DatabaseStandIn, PaymentsModule],
  }).compile();
  return moduleRef.get<PaymentProvider>(PAYMENT_PROVIDER);
}

function stripeEnv(): Record<string, string> {
  return {
    PAYMENTS_PROVIDER: 'stripe',
    STRIPE_SECRET_KEY: 'sk_test_stand_in',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_stand_in',
    STRIPE_WEBHOOK_SECRET: standIn.webhookSecret,
    STRIPE_API_URL: standIn.url,
  };
}

/** What a failed call threw (the test fails if it did not throw). */
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  await standIn.start();
  const built = await providerFromConfig(stripeEnv());
  if (!(built instanceof StripePaymentProvider)) throw new Error('expected the Stripe provider');
  provider = built;
});

afterAll(async () => {
  await standIn.stop();
});

describe('Stripe provider against the stand-in, through the real SDK', () => {
  it('instant book: an automatic-capture PaymentIntent in minor units that succeeds once paid', async () => {
    const paymentId = randomUUID();
    const created = await provider.createPayment({
      paymentId,
      amount: money(12_345, 'EUR'),
      captureMethod: 'automatic',
      description: 'Booking ABC',
      metadata: { booking_id: 'b-1' },
    });
    expect(created.providerRef).toMatch(/^pi_/);
    expect(created.clientSecret).toMatch(new RegExp(`^${created.providerRef}_secret_`));
    expect(created.status).toBe('requires_payment');

    const [request] = standIn
      .requestsTo('POST', '/v1/payment_intents')
      .filter((r) => r.params['metadata[payment_id]'] === paymentId);
    expect(request.params).toMatchObject({
      amount: '12345',
      currency: 'eur',
      capture_method: 'automatic',
      description: 'Booking ABC',
      'metadata[booking_id]': 'b-1',
    });
    expect(request.idempotencyKey).toBe(`payment:${paymentId}:create`);

    standIn.confirm(created.providerRef);
    const paid = await provider.retrieve(created.providerRef);
    expect(paid).toMatchObject({
      status: 'succeeded',
      captureMethod: 'automatic',
      amount: { amount: 12_345, currency: 'EUR' },
      amountReceived: { amount: 12_345, currency: 'EUR' },
      amountCapturable: { amount: 0, currency: 'EUR' },
    });
    expect(paid.metadata.payment_id).toBe(paymentId);
  });

  it('request to book: manual capture is authorised, then captured', async () => {
    const paymentId = randomUUID();
    const created = await provider.createPayment({
      paymentId,
      amount: money(50_000, 'USD'),
      captureMethod: 'manual',
    });
    expect(standIn.paymentIntent(created.providerRef)?.capture_method).toBe('manual');
    standIn.confirm(created.providerRef);
    const authorized = await provider.retrieve(created.providerRef);
    expect(authorized.status).toBe('authorized');
    expect(authorized.amountCapturable.amount).toBe(50_000);
    expect(authorized.amountReceived.amount).toBe(0);

    const captured = await provider.capture(created.providerRef, { paymentId });
    expect(captured.status).toBe('succeeded');
    expect(captured.amountReceived.amount).toBe(50_000);
    const [capture] = standIn.requestsTo(
      'POST',
      `/v1/payment_intents/${created.providerRef}/capture`,
    );
    // Keyed by our payment id, not Stripe's intent id.
    expect(capture.idempotencyKey).toBe(`payment:${paymentId}:capture`);
  });

  it('capture and cancel without our payment id read it from the intent: every retry sends the same key', async () => {
    const capturedId = randomUUID();
    const toCapture = await provider.createPayment({
      paymentId: capturedId,
      amount: money(4_000, 'EUR'),
      captureMethod: 'manual',
    });
    standIn.confirm(toCapture.providerRef);
    // Run twice, as a retried job does: Stripe replays the first answer.
    const first = await provider.capture(toCapture.providerRef);
    const second = await provider.capture(toCapture.providerRef);
    expect(second).toEqual(first);
    expect(first.status).toBe('succeeded');
    const captures = standIn.requestsTo('POST', `/v1/payment_intents/${toCapture.providerRef}/`);
    expect(captures.map((r) => [r.path, r.idempotencyKey])).toEqual([
      [`/v1/payment_intents/${toCapture.providerRef}/capture`, `payment:${capturedId}:capture`],
      [`/v1/payment_intents/${toCapture.providerRef}/capture`, `payment:${capturedId}:capture`],
    ]);

    const canceledId = randomUUID();
    const toCancel = await provider.createPayment({
      paymentId: canceledId,
      amount: money(4_000, 'EUR'),
      captureMethod: 'manual',
    });
    standIn.confirm(toCancel.providerRef);
    expect((await provider.cancel(toCancel.providerRef)).status).toBe('canceled');
    expect((await provider.cancel(toCancel.providerRef)).status).toBe('canceled');
    const cancels = standIn.requestsTo('POST', `/v1/payment_intents/${toCancel.providerRef}/`);
    expect(cancels.map((r) => [r.path, r.idempotencyKey])).toEqual([
      [`/v1/payment_intents/${toCancel.providerRef}/cancel`, `payment:${canceledId}:cancel`],
      [`/v1/payment_intents/${toCancel.providerRef}/cancel`, `payment:${canceledId}:cancel`],
    ]);
  });

  it('an intent without our payment_id metadata is neither captured nor cancelled', async () => {
    const foreign = (await (
      await fetch(`${standIn.url}/v1/payment_intents`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'amount=1000&currency=eur&capture_method=manual',
      })
    ).json()) as { id: string };
    standIn.confirm(foreign.id);
    for (const call of [() => provider.capture(foreign.id), () => provider.cancel(foreign.id)])
      expect(((await failure(call)) as Error).message).toMatch(/no payment_id metadata/);
    expect(standIn.requestsTo('POST', `/v1/payment_intents/${foreign.id}/`)).toEqual([]);
    expect(standIn.paymentIntent(foreign.id)).toMatchObject({ status: 'requires_capture' });
  });

  it('request to book: a partial capture sends amount_to_capture', async () => {
    const created = await provider.createPayment({
      paymentId: randomUUID(),
      amount: money(10_000, 'USD'),
      captureMethod: 'manual',
    });
    standIn.confirm(created.providerRef);
    const captured = await provider.capture(created.providerRef, { amount: money(7_500, 'USD') });
    expect(captured.amountReceived.amount).toBe(7_500);
    const [capture] = standIn.requestsTo(
      'POST',
      `/v1/payment_intents/${created.providerRef}/capture`,
    );
    expect(capture.params.amount_to_capture).toBe('7500');
  });

  it('request to book: declined or expired, the authorisation is cancelled', async () => {
    const paymentId = randomUUID();
    const created = await provider.createPayment({
      paymentId,
      amount: money(20_000, 'GBP'),
      captureMethod: 'manual',
    });
    standIn.confirm(created.providerRef);
    const canceled = await provider.cancel(created.providerRef, { paymentId });
    expect(canceled.status).toBe('canceled');
    expect(canceled.amountCapturable.amount).toBe(0);
    expect((await provider.retrieve(created.providerRef)).status).toBe('canceled');
    const [cancel] = standIn.requestsTo(
      'POST',
      `/v1/payment_intents/${created.providerRef}/cancel`,
    );
    expect(cancel.idempotencyKey).toBe(`payment:${paymentId}:cancel`);
  });

  it('a declined card reads as failed', async () => {
    const created = await provider.createPayment({
      paymentId: randomUUID(),
      amount: money(1_000, 'EUR'),
      captureMethod: 'automatic',
    });
    standIn.confirm(created.providerRef, 'decline');
    expect((await provider.retrieve(created.providerRef)).status).toBe('failed');
  });

  it('refunds part, then the rest, each keyed by our refund id; more than is left is refused', async () => {
    const created = await provider.createPayment({
      paymentId: randomUUID(),
      amount: money(30_000, 'EUR'),
      captureMethod: 'automatic',
    });
    standIn.confirm(created.providerRef);
    const firstId = randomUUID();
    const partial = await provider.refund({
      ref: created.providerRef,
      amount: money(12_000, 'EUR'),
      refundId: firstId,
    });
    expect(partial.refundRef).toMatch(/^re_/);
    expect(partial.status).toBe('succeeded');
    const secondId = randomUUID();
    const rest = await provider.refund({
      ref: created.providerRef,
      amount: money(18_000, 'EUR'),
      refundId: secondId,
    });
    expect(rest.status).toBe('succeeded');
    expect(await provider.retrieveRefund(rest.refundRef)).toEqual(rest);

    const sent = standIn
      .requestsTo('POST', '/v1/refunds')
      .filter((r) => r.params.payment_intent === created.providerRef);
    expect(sent.map((r) => [r.params.amount, r.idempotencyKey])).toEqual([
      ['12000', `refund:${firstId}`],
      ['18000', `refund:${secondId}`],
    ]);

    const tooMuch = await failure(() =>
      provider.refund({
        ref: created.providerRef,
        amount: money(1, 'EUR'),
        refundId: randomUUID(),
      }),
    );
    expect((tooMuch as Error).message).toMatch(/greater than unrefunded amount/);
  });

  it('pays a host out with a Connect transfer keyed by our payout id', async () => {
    const payoutId = randomUUID();
    const transfer = await provider.transfer({
      destinationAccount: 'acct_1HostAccount',
      amount: money(45_600, 'EUR'),
      payoutId,
    });
    expect(transfer.transferRef).toMatch(/^tr_/);
    const [sent] = standIn
      .requestsTo('POST', '/v1/transfers')
      .filter((r) => r.idempotencyKey === `payout:${payoutId}`);
    expect(sent.params).toMatchObject({
      amount: '45600',
      currency: 'eur',
      destination: 'acct_1HostAccount',
      'metadata[payout_id]': payoutId,
    });
  });

  it('a retried create (a job run twice) gets the same PaymentIntent and Stripe makes one', async () => {
    const paymentId = randomUUID();
    const input = {
      paymentId,
      amount: money(8_800, 'EUR'),
      captureMethod: 'automatic' as const,
    };
    const first = await provider.createPayment(input);
    const second = await provider.createPayment(input);
    expect(second).toEqual(first);
    const creations = standIn
      .requestsTo('POST', '/v1/payment_intents')
      .filter((r) => r.idempotencyKey === `payment:${paymentId}:create`);
    expect(creations).toHaveLength(2);
    expect(standIn.paymentIntentsFor(paymentId).map((pi) => pi.id)).toEqual([first.providerRef]);

    // The same refund retried is one refund too.
    standIn.confirm(first.providerRef);
    const refundId = randomUUID();
    const refundInput = { ref: first.providerRef, amount: money(800, 'EUR'), refundId };
    const r1 = await provider.refund(refundInput);
    const r2 = await provider.refund(refundInput);
    expect(r2.refundRef).toBe(r1.refundRef);
    // Only one 800 was taken off: 8000 are still refundable.
    const rest = await provider.refund({
      ref: first.providerRef,
      amount: money(8_000, 'EUR'),
      refundId: randomUUID(),
    });
    expect(rest.status).toBe('succeeded');
  });

  it('sends yen as they are: JPY has no minor unit to scale to', async () => {
    const paymentId = randomUUID();
    await provider.createPayment({
      paymentId,
      amount: money(15_000, 'JPY'),
      captureMethod: 'automatic',
    });
    const [request] = standIn
      .requestsTo('POST', '/v1/payment_intents')
      .filter((r) => r.params['metadata[payment_id]'] === paymentId);
    expect(request.params.amount).toBe('15000');
    expect(standIn.paymentIntentsFor(paymentId)[0].amount).toBe(15_000);
    expect(request.params.currency).toBe('jpy');
  });
});

describe('Stripe webhook verification', () => {
  const intent = { id: 'pi_webhook_1', object: 'payment_intent', status: 'succeeded' };

  it('accepts a genuine event and returns what applying it needs', () => {
    const { payload, header, eventId } = standIn.signedEvent('payment_intent.succeeded', intent);
    const event = provider.webhookEvent(Buffer.from(payload), header);
    expect(event).toMatchObject({
      id: eventId,
      type: 'payment_intent.succeeded',
      objectId: 'pi_webhook_1',
      object: { status: 'succeeded' },
    });
  });

  function expectRejected(error: unknown): void {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.INVALID_WEBHOOK_SIGNATURE);
    expect(httpStatusOf((error as DomainError).code)).toBe(400);
  }

  it('rejects a tampered body with INVALID_WEBHOOK_SIGNATURE (400)', async () => {
    const { payload, header } = standIn.signedEvent('payment_intent.succeeded', intent);
    const tampered = payload.replace('succeeded"}', 'canceled"}');
    expect(tampered).not.toBe(payload);
    expectRejected(await failure(() => provider.webhookEvent(tampered, header)));
  });

  it('rejects a signature made with another secret', async () => {
    const { payload, header } = standIn.signedEvent('payment_intent.succeeded', intent, {
      secret: 'whsec_someone_else',
    });
    expectRejected(await failure(() => provider.webhookEvent(payload, header)));
  });

  it('rejects a missing or malformed signature header', async () => {
    const { payload } = standIn.signedEvent('payment_intent.succeeded', intent);
    expectRejected(await failure(() => provider.webhookEvent(payload, undefined)));
    expectRejected(await failure(() => provider.webhookEvent(payload, '')));
    expectRejected(await failure(() => provider.webhookEvent(payload, 'not a signature')));
  });

  it('rejects a replay older than the five-minute tolerance', async () => {
    const { payload, header } = standIn.signedEvent('payment_intent.succeeded', intent, {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expectRejected(await failure(() => provider.webhookEvent(payload, header)));
    // The same age within tolerance passes: it is the timestamp that was refused.
    const fresh = standIn.signedEvent('payment_intent.succeeded', intent, {
      timestamp: Math.floor(Date.now() / 1000) - 60,
    });
    expect(provider.webhookEvent(fresh.payload, fresh.header).type).toBe(
      'payment_intent.succeeded',
    );
  });
});

describe('PaymentsModule', () => {
  it('provides the local provider by default and Stripe when configured', async () => {
    const local = await providerFromConfig({});
    expect(local).toBeInstanceOf(LocalPaymentProvider);
    expect(local.name).toBe('local');
    expect(local.publishableKey).toBeUndefined();
    const stripe = await providerFromConfig(stripeEnv());
    expect(stripe.name).toBe('stripe');
    expect(stripe.publishableKey).toBe('pk_test_stand_in');
  });
});
