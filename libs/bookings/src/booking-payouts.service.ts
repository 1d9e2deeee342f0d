import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Clock,
  decodeCursor,
  DomainError,
  encodeCursor,
  ErrorCode,
  money,
  TransactionRunner,
  type Page,
  type PageQuery,
} from '@app/core';
import {
  PAYMENT_PROVIDER,
  PaymentJobs,
  Payout,
  PayoutAccount,
  type PaymentProvider,
} from '@app/payments';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Booking } from './booking.entity';
import { PayoutAccountView, PayoutView } from './dto/payout.views';
import { payoutDueAt } from './host-payout';

/** At most this many payouts per sweep; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

/**
 * The hosts' payouts ledger: one row per confirmed booking with what the host
 * is owed, due 24 h after check-in. A job transfers it to the host's Stripe
 * Connect account, or records it as due until the host registers one; a
 * refund afterwards lowers it, and takes back what was already transferred.
 */
@Injectable()
export class BookingPayouts {
  private readonly logger = new Logger(BookingPayouts.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    private readonly jobs: PaymentJobs,
  ) {}

  /** In the confirming transaction: the host's share, due 24 h after check-in (listing time zone). */
  async schedule(manager: EntityManager, booking: Booking): Promise<void> {
    const dueAt = payoutDueAt({
      checkIn: booking.checkIn,
      checkInTime: booking.cancellation.checkInTime,
      timezone: booking.cancellation.timezone,
    });
    await manager.query(
      `INSERT INTO payouts (id, booking_id, host_id, status, gross_amount, amount, currency, due_at)
       VALUES ($1, $2, $3, 'scheduled', $4, $4, $5, $6) ON CONFLICT (booking_id) DO NOTHING`,
      [randomUUID(), booking.id, booking.hostId, booking.hostPayout, booking.currency, dueAt],
    );
  }

  /**
   * In the cancelling transaction: the host is now owed `owed` at most.
   * Answers the payout id when a transfer already made must be (partly) taken back.
   */
  async reduce(
    manager: EntityManager,
    bookingId: string,
    owed: number,
  ): Promise<string | undefined> {
    const payout = await manager
      .getRepository(Payout)
      .findOne({ where: { bookingId }, lock: { mode: 'pessimistic_write' } });
    if (!payout) return undefined;
    const amount = Math.max(0, Math.min(payout.amount, owed));
    const status =
      amount === 0 && (payout.status === 'scheduled' || payout.status === 'due')
        ? 'canceled'
        : payout.status;
    await manager.getRepository(Payout).update({ id: payout.id }, { amount, status });
    return payout.status === 'paid' && payout.transferredAmount - payout.reversedAmount > amount
      ? payout.id
      : undefined;
  }

  /** The periodic job: every payout that fell due is paid (or stays due without an account). */
  async sweep(): Promise<{ paid: number; due: number }> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM payouts WHERE status IN ('scheduled', 'due') AND due_at <= $1
        ORDER BY due_at LIMIT $2`,
      [this.clock.now(), SWEEP_BATCH],
    )) as { id: string }[];
    let paid = 0;
    let due = 0;
    for (const { id } of rows) {
      const status = await this.payOut(id);
      if (status === 'paid') paid++;
      else if (status === 'due') due++;
    }
    return { paid, due };
  }

  /**
   * Pays one payout once it is due and its booking's money was received:
   * a transfer to the host's connected account (idempotency key from the
   * payout id), or status `due` when the host has none yet. Answers the
   * payout's status afterwards.
   */
  async payOut(payoutId: string): Promise<Payout['status'] | undefined> {
    const plan = await this.tx.run(async (manager) => {
      const payout = await manager
        .getRepository(Payout)
        .findOne({ where: { id: payoutId }, lock: { mode: 'pessimistic_write' } });
      if (!payout) return undefined;
      if (payout.status !== 'scheduled' && payout.status !== 'due') return { payout };
      if (payout.status === 'scheduled' && payout.dueAt.getTime() > this.clock.now().getTime())
        return { payout };
      const [charged] = (await manager.query(
        `SELECT amount_captured, amount_refunded FROM payments WHERE booking_id = $1`,
        [payout.bookingId],
      )) as { amount_captured: string }[];
      // Not captured yet (an accepted request whose capture job has not run): the next sweep pays it.
      if (!charged || Number(charged.amount_captured) === 0) return { payout };
      if (payout.amount === 0) {
        await manager.getRepository(Payout).update({ id: payout.id }, { status: 'canceled' });
        return { payout: { ...payout, status: 'canceled' as const } };
      }
      // A retry keeps the destination and amount of the first attempt: the idempotency key allows no other.
      let destination = payout.destinationAccount;
      let amount = payout.transferredAmount || payout.amount;
      if (!destination) {
        const account = await manager
          .getRepository(PayoutAccount)
          .findOne({ where: { userId: payout.hostId } });
        if (!account) {
          await manager.getRepository(Payout).update({ id: payout.id }, { status: 'due' });
          return { payout: { ...payout, status: 'due' as const } };
        }
        destination = account.stripeAccountId;
        amount = payout.amount;
        await manager
          .getRepository(Payout)
          .update(
            { id: payout.id },
            { destinationAccount: destination, transferredAmount: amount },
          );
      }
      return { payout, transfer: { destination, amount } };
    });
    if (!plan) return undefined;
    if (!plan.transfer) return plan.payout.status;
    const { payout, transfer } = plan;
    const created = await this.provider.transfer({
      destinationAccount: transfer.destination,
      amount: money(transfer.amount, payout.currency),
      payoutId: payout.id,
    });
    const reverse = await this.tx.run(async (manager) => {
      const current = await manager
        .getRepository(Payout)
        .findOneOrFail({ where: { id: payout.id }, lock: { mode: 'pessimistic_write' } });
      if (current.status === 'paid' || current.status === 'reversed') return false;
      await manager
        .getRepository(Payout)
        .update(
          { id: payout.id },
          { status: 'paid', transferRef: created.transferRef, paidAt: this.clock.now() },
        );
      // A refund lowered it while the transfer was on its way.
      return current.amount < current.transferredAmount;
    });
    this.logger.log({ payoutId, transfer: created.transferRef }, 'Payout transferred');
    if (reverse) await this.jobs.reversePayout(payout.id);
    return 'paid';
  }

  /** Takes back what a refund removed from a payout already transferred (job). */
  async reverse(payoutId: string): Promise<void> {
    const payout = await this.dataSource.getRepository(Payout).findOne({ where: { id: payoutId } });
    if (!payout || payout.status !== 'paid' || !payout.transferRef) return;
    const excess = payout.transferredAmount - payout.reversedAmount - payout.amount;
    if (excess <= 0 || payout.reversalRef) return;
    const reversal = await this.provider.reverseTransfer({
      transferRef: payout.transferRef,
      amount: money(excess, payout.currency),
      payoutId,
    });
    await this.dataSource
      .getRepository(Payout)
      .createQueryBuilder()
      .update()
      .set({
        reversedAmount: () => `reversed_amount + ${excess}`,
        reversalRef: reversal.reversalRef,
        reversedAt: this.clock.now(),
        status: payout.amount === 0 ? 'reversed' : 'paid',
      })
      .where('id = :id AND reversal_ref IS NULL', { id: payoutId })
      .execute();
  }

  /** A host's payouts, latest due first. */
  async list(hostId: string, query: PageQuery): Promise<Page<PayoutView>> {
    const limit = query.limit ?? 20;
    const qb = this.dataSource
      .getRepository(Payout)
      .createQueryBuilder('p')
      .addSelect('p.due_at::text', 'sort_value')
      .where('p.host_id = :hostId', { hostId });
    if (query.cursor) {
      const c = decodeCursor(query.cursor, { c: 'string', id: 'string' });
      if (!/^[0-9a-f-]{36}$/i.test(String(c.id)) || Number.isNaN(Date.parse(String(c.c))))
        throw new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not valid for this list');
      qb.andWhere('(p.due_at, p.id) < (CAST(:c AS timestamptz), CAST(:id AS uuid))', c);
    }
    const { entities, raw } = await qb
      .orderBy('p.due_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(limit + 1)
      .getRawAndEntities<{ sort_value: string }>();
    const page = entities.slice(0, limit);
    const last = page.length === limit && entities.length > limit ? page[page.length - 1] : null;
    return {
      data: page.map((p) => PayoutView.of(p)),
      nextCursor: last ? encodeCursor({ c: raw[limit - 1].sort_value, id: last.id }) : null,
    };
  }

  async account(userId: string): Promise<PayoutAccountView | null> {
    const account = await this.dataSource
      .getRepository(PayoutAccount)
      .findOne({ where: { userId } });
    return account ? PayoutAccountView.of(account) : null;
  }

  /** Registers (or replaces) the host's connected account; payouts already due are paid to it. */
  async setAccount(userId: string, stripeAccountId: string): Promise<PayoutAccountView> {
    await this.dataSource.query(
      `INSERT INTO payout_accounts (user_id, stripe_account_id) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET stripe_account_id = EXCLUDED.stripe_account_id, updated_at = now()`,
      [userId, stripeAccountId],
    );
    const due = await this.dataSource
      .getRepository(Payout)
      .find({ where: { hostId: userId, status: In(['due']) }, select: { id: true } });
    for (const { id } of due) await this.jobs.payOut(id);
    return (await this.account(userId))!;
  }
}
