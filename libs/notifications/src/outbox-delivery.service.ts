import { AppConfig, Clock } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { isEmailTemplateName, type EmailTemplateName } from './email-template-name';
import { MailSender, type EmailToSend } from './mail-sender.service';
import type { OutboxStatus } from './outbox-message.entity';

export type DeliveryResult =
  | { status: 'sent'; messageId: string }
  /** No pending row: already sent, given up on, or being sent by another job right now. */
  | { status: 'skipped' };

export interface DeliveryAttempt {
  /** The queue will not retry after this attempt: a failure marks the row `failed`. */
  isLastAttempt: boolean;
}

/** A failure that retrying cannot fix (the template does not fit the data). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** Rows claimed by one transaction at most. */
export const OUTBOX_DELIVERY_BATCH = 50;

interface ClaimedRow {
  id: string;
  recipient: string;
  template: string;
  data: Record<string, string>;
  attempts: number;
}

type Outcome =
  DeliveryResult | { status: 'error'; error: unknown; permanent: boolean; lastAttempt: boolean };

interface Request {
  id: string;
  attempt: DeliveryAttempt;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/** What a claimed row's send came to, written back before the commit. */
interface RowUpdate {
  id: string;
  status: OutboxStatus;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
}

/** Outbox ids are UUIDs; anything else cannot name a row (and is never put into SQL). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The consumer side: sends each outbox row at most once. A row is locked
 * (`FOR UPDATE SKIP LOCKED`, status `pending`) for the whole send and marked
 * `sent` in the same transaction, after the transport accepted it, so a second
 * job for the same row, running at the same time or later, finds nothing to do.
 *
 * The jobs a worker runs at the same moment share that transaction: requests
 * made in one turn of the event loop are claimed together (one `SELECT ... FOR
 * UPDATE SKIP LOCKED` of their ids), sent in parallel, and each row's outcome
 * (sent, or the failure and attempt count) is written by one `UPDATE` before
 * one `COMMIT`. Each job still gets its own row's outcome. `BEGIN` travels with
 * the `SELECT` and, when every send succeeded, `COMMIT` with the `UPDATE`
 * (several statements in one simple query): two round trips and one commit for
 * the whole group. Those statements carry only row ids, checked to be UUIDs,
 * and timestamps we format; a group with failures writes its error texts with
 * a parameterised query.
 */
@Injectable()
export class OutboxDelivery {
  private readonly logger = new Logger(OutboxDelivery.name);
  private readonly messageIdDomain: string;
  private waiting: Request[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: MailSender,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.messageIdDomain = new URL(config.publicUrl).hostname || 'localhost';
  }

  async deliver(outboxId: string, attempt: DeliveryAttempt): Promise<DeliveryResult> {
    if (!UUID.test(outboxId)) return { status: 'skipped' };
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      if (this.waiting.length === 0) setImmediate(() => this.flush());
      this.waiting.push({ id: outboxId.toLowerCase(), attempt, resolve, reject });
    });
    if (outcome.status === 'error') {
      this.logger.warn(
        { outboxId, error: errorText(outcome.error), lastAttempt: outcome.lastAttempt },
        'email not sent',
      );
      if (outcome.permanent) throw new PermanentDeliveryError(errorText(outcome.error));
      throw outcome.error;
    }
    return outcome;
  }

  private flush(): void {
    const requests = this.waiting;
    this.waiting = [];
    for (let i = 0; i < requests.length; i += OUTBOX_DELIVERY_BATCH)
      void this.deliverGroup(requests.slice(i, i + OUTBOX_DELIVERY_BATCH));
  }

  private async deliverGroup(requests: Request[]): Promise<void> {
    let outcomes: Map<Request, Outcome>;
    try {
      outcomes = await this.withConnection((client) => this.deliverLocked(client, requests));
    } catch (error) {
      // Nothing was committed: every row is still pending, and each job is retried.
      for (const request of requests) request.reject(error);
      return;
    }
    for (const request of requests) request.resolve(outcomes.get(request) ?? { status: 'skipped' });
  }

  private async withConnection<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const driver = this.dataSource.driver as PostgresDriver;
    const [client, release] = (await driver.obtainMasterConnection()) as [
      PoolClient,
      (error?: Error) => void,
    ];
    let broken: Error | undefined;
    // A checked-out client has no pool listener: a dropped connection must not crash the process.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      return await fn(client);
    } catch (error) {
      // Whatever failed, the rows' locks and any change go with the rollback.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      // A connection that failed or could not roll back is dropped, not returned to the pool.
      client.off('error', onError);
      release(broken);
    }
  }

  /** Claims, sends and records the group's rows in one transaction; commits before returning. */
  private async deliverLocked(
    client: PoolClient,
    requests: Request[],
  ): Promise<Map<Request, Outcome>> {
    const ids = [...new Set(requests.map((r) => r.id))];
    const claimed = (await client.query(
      `BEGIN;
       SELECT id, recipient, template, data, attempts FROM outbox_messages
        WHERE id IN (${ids.map((id) => client.escapeLiteral(id)).join(', ')})
          AND status = 'pending'
          FOR UPDATE SKIP LOCKED`,
    )) as unknown as QueryResult[];
    const rows = new Map((claimed[1].rows as ClaimedRow[]).map((row) => [row.id, row]));

    // One request per claimed row sends it; a duplicate job for the same row is skipped.
    const owners = new Map<string, Request>();
    for (const request of requests)
      if (rows.has(request.id) && !owners.has(request.id)) owners.set(request.id, request);

    const outcomes = new Map<Request, Outcome>();
    const updates: RowUpdate[] = [];
    await Promise.all(
      [...owners].map(async ([id, request]) => {
        const row = rows.get(id) as ClaimedRow;
        const { outcome, update } = await this.send(row, request.attempt);
        outcomes.set(request, outcome);
        updates.push(update);
      }),
    );

    if (updates.length === 0) {
      await client.query('COMMIT');
    } else if (updates.every((u) => u.status === 'sent')) {
      const values = updates.map(
        (u) =>
          `(${client.escapeLiteral(u.id)}::uuid, ${client.escapeLiteral((u.sentAt as Date).toISOString())}::timestamptz, ${u.attempts})`,
      );
      await client.query(
        `UPDATE outbox_messages AS m
            SET status = 'sent', sent_at = v.sent_at, attempts = v.attempts, last_error = NULL
           FROM (VALUES ${values.join(', ')}) AS v (id, sent_at, attempts)
          WHERE m.id = v.id;
         COMMIT`,
      );
    } else {
      // Failures are recorded (and committed) before their errors go back to the queue.
      await client.query(
        `UPDATE outbox_messages AS m
            SET status = v.status, sent_at = v.sent_at, attempts = v.attempts,
                last_error = v.last_error
           FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::text[])
                AS v (id, status, sent_at, attempts, last_error)
          WHERE m.id = v.id`,
        [
          updates.map((u) => u.id),
          updates.map((u) => u.status),
          updates.map((u) => u.sentAt),
          updates.map((u) => u.attempts),
          updates.map((u) => u.lastError),
        ],
      );
      await client.query('COMMIT');
    }
    return outcomes;
  }

  /** Renders and sends one claimed row; says what to write back, and what its job gets. */
  private async send(
    row: ClaimedRow,
    attempt: DeliveryAttempt,
  ): Promise<{ outcome: Outcome; update: RowUpdate }> {
    const email: EmailToSend = {
      to: row.recipient,
      template: row.template as EmailTemplateName,
      data: row.data,
      // Stable per row: a receiving server can spot a duplicate if a commit is ever lost.
      messageId: `<${row.id}@${this.messageIdDomain}>`,
    };
    const attempts = row.attempts + 1;
    const fail = (error: unknown, permanent: boolean) => ({
      outcome: { status: 'error', error, permanent, lastAttempt: attempt.isLastAttempt } as const,
      update: {
        id: row.id,
        status: permanent || attempt.isLastAttempt ? ('failed' as const) : ('pending' as const),
        sentAt: null,
        attempts,
        lastError: errorText(error),
      },
    });

    let rendered;
    try {
      if (!isEmailTemplateName(row.template)) throw new Error(`Unknown template ${row.template}`);
      rendered = this.sender.render(email);
    } catch (error) {
      return fail(error, true);
    }
    try {
      const { messageId } = await this.sender.send(email, rendered);
      return {
        outcome: { status: 'sent', messageId },
        update: { id: row.id, status: 'sent', sentAt: this.clock.now(), attempts, lastError: null },
      };
    } catch (error) {
      return fail(error, false);
    }
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}
