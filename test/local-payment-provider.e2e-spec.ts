import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dataSourceOptions, DomainError, ErrorCode, money } from '@app/core';
import { LocalPaymentProvider } from '@app/payments';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { testConfig } from './support/test-env';

let dataSource: DataSource;
beforeAll(async () => {
  dataSource = await new DataSource(dataSourceOptions(await testConfig())).initialize();
});
afterAll(async () => {
  await dataSource?.destroy();
});

/** Payment ids of this run (the provider's table outlives a test). */
const run = randomUUID().slice(0, 8);
const id = (name: string) => `${name}-${run}`;
const provider = (secret = 'a-signing-secret-of-some-length') =>
  new LocalPaymentProvider(secret, dataSource);

describe('LocalPaymentProvider (its state in PostgreSQL, shared by every process)', () => {
  it('derives the reference from our payment id; creating twice gives the same payment', async () => {
    const local = provider();
    const input = {
      paymentId: id('p-1'),
      amount: money(9_900, 'EUR'),
      captureMethod: 'automatic' as const,
    };
    const first = await local.createPayment(input);
    expect(first).toMatchObject({
      providerRef: `local_pi_${id('p-1')}`,
      status: 'requires_payment',
    });
    await local.simulate(first.providerRef, 'succeed');
    const again = await local.createPayment(input);
    expect(again).toEqual({ ...first, status: 'succeeded' });
  });

  it('signs client secrets: the same in every process with the same key, unguessable without it', async () => {
    const a = provider();
    const { providerRef, clientSecret } = await a.createPayment({
      paymentId: id('p-2'),
      amount: money(100, 'USD'),
      captureMethod: 'automatic',
    });
    expect(provider().clientSecretOf(providerRef)).toBe(clientSecret);
    expect(provider('another-key').clientSecretOf(providerRef)).not.toBe(clientSecret);
    expect(a.verifyClientSecret(providerRef, clientSecret)).toBe(true);
    expect(a.verifyClientSecret(providerRef, `${clientSecret}x`)).toBe(false);
    expect(a.verifyClientSecret('local_pi_other', clientSecret)).toBe(false);
  });

  it('instant: succeeds when the card holder pays', async () => {
    const local = provider();
    const { providerRef } = await local.createPayment({
      paymentId: id('p-3'),
      amount: money(5_000, 'JPY'),
      captureMethod: 'automatic',
    });
    const paid = await local.simulate(providerRef, 'succeed');
    expect(paid).toMatchObject({
      status: 'succeeded',
      amountReceived: { amount: 5_000, currency: 'JPY' },
    });
    expect(await local.retrieve(providerRef)).toEqual(paid);
  });

  it('manual: authorised, then captured (or cancelled)', async () => {
    const local = provider();
    const created = await local.createPayment({
      paymentId: id('p-4'),
      amount: money(20_000, 'USD'),
      captureMethod: 'manual',
    });
    const authorized = await local.simulate(created.providerRef, 'succeed');
    expect(authorized).toMatchObject({
      status: 'authorized',
      amountCapturable: { amount: 20_000 },
    });
    const captured = await local.capture(created.providerRef);
    expect(captured).toMatchObject({ status: 'succeeded', amountReceived: { amount: 20_000 } });
    expect((await local.capture(created.providerRef)).status).toBe('succeeded');

    const other = await local.createPayment({
      paymentId: id('p-5'),
      amount: money(20_000, 'USD'),
      captureMethod: 'manual',
    });
    await local.simulate(other.providerRef, 'succeed');
    expect((await local.cancel(other.providerRef)).status).toBe('canceled');
  });

  it('a declined card fails; the holder may try again', async () => {
    const local = provider();
    const { providerRef } = await local.createPayment({
      paymentId: id('p-6'),
      amount: money(1_000, 'EUR'),
      captureMethod: 'automatic',
    });
    expect((await local.simulate(providerRef, 'fail')).status).toBe('failed');
    expect((await local.simulate(providerRef, 'succeed')).status).toBe('succeeded');
  });

  it('refunds and transfers take their references from our ids', async () => {
    const local = provider();
    const { providerRef } = await local.createPayment({
      paymentId: id('p-7'),
      amount: money(3_000, 'EUR'),
      captureMethod: 'automatic',
    });
    await local.simulate(providerRef, 'succeed');
    expect(
      await local.refund({ ref: providerRef, amount: money(1_000, 'EUR'), refundId: 'r-1' }),
    ).toEqual({
      refundRef: 'local_re_r-1',
      status: 'succeeded',
    });
    expect(
      await local.transfer({
        destinationAccount: 'acct_x',
        amount: money(2_000, 'EUR'),
        payoutId: 'o-1',
      }),
    ).toEqual({
      transferRef: 'local_tr_o-1',
    });
  });

  it('refuses what the state does not allow, and unknown references', async () => {
    const local = provider();
    const { providerRef } = await local.createPayment({
      paymentId: id('p-8'),
      amount: money(3_000, 'EUR'),
      captureMethod: 'automatic',
    });
    const codeOf = async (call: () => Promise<unknown>) => {
      try {
        await call();
      } catch (error) {
        return (error as DomainError).code;
      }
      return 'no error';
    };
    expect(await codeOf(() => local.capture(providerRef))).toBe(ErrorCode.INVALID_STATE);
    expect(
      await codeOf(() =>
        local.refund({ ref: providerRef, amount: money(1, 'EUR'), refundId: 'r' }),
      ),
    ).toBe(ErrorCode.INVALID_STATE);
    await local.simulate(providerRef, 'succeed');
    expect(await codeOf(() => local.cancel(providerRef))).toBe(ErrorCode.INVALID_STATE);
    expect(await codeOf(() => local.retrieve('local_pi_nope'))).toBe(ErrorCode.NOT_FOUND);
    expect(await codeOf(async () => local.webhookEvent())).toBe(
      ErrorCode.INVALID_WEBHOOK_SIGNATURE,
    );
  });

  it('two processes (two connection pools) see one payment: created in one, paid in the other, captured in the first', async () => {
    const other = await new DataSource(dataSourceOptions(await testConfig())).initialize();
    try {
      const api = provider();
      const worker = new LocalPaymentProvider('a-signing-secret-of-some-length', other);
      const { providerRef } = await api.createPayment({
        paymentId: id('shared'),
        amount: money(25_000, 'JPY'),
        captureMethod: 'manual',
      });
      expect((await worker.simulate(providerRef, 'succeed')).status).toBe('authorized');
      const captured = await api.capture(providerRef);
      expect(captured).toMatchObject({ status: 'succeeded', amountReceived: money(25_000, 'JPY') });
      expect((await worker.retrieve(providerRef)).status).toBe('succeeded');
      expect(
        await worker.refund({ ref: providerRef, amount: money(5_000, 'JPY'), refundId: id('r') }),
      ).toEqual({
        refundRef: `local_re_${id('r')}`,
        status: 'succeeded',
      });
    } finally {
      await other.destroy();
    }
  });
});
