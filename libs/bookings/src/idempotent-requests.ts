import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode, ValidationFailedError } from '@app/core';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';

/** How long a repeat waits for the first request with its key to finish. */
const WAIT_FOR_FIRST_MS = 15_000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

interface KeyRow {
  request_hash: string;
  response_body: unknown;
}

function digest(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * `Idempotency-Key` for requests that create bookings or move money. The key
 * is a row (per user and route); the first request with it runs and stores
 * its answer, a repeat with the same body gets that answer back, a repeat
 * with another body is IDEMPOTENCY_KEY_REUSED, and a repeat arriving while
 * the first still runs waits for it. A failed first request frees its key.
 */
@Injectable()
export class IdempotentRequests {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(
    userId: string,
    scope: string,
    key: string | undefined,
    body: unknown,
    fn: () => Promise<T>,
  ): Promise<T> {
    if (key === undefined) return fn();
    if (!KEY_FORMAT.test(key))
      throw new ValidationFailedError([
        { field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' },
      ]);
    const hash = digest(body);
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const claimed = (await this.dataSource.query(
        `INSERT INTO idempotency_keys (user_id, scope, key, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING key`,
        [userId, scope, key, hash],
      )) as unknown[];
      if (claimed.length === 1) return this.runFirst(userId, scope, key, fn);
      const [row] = (await this.dataSource.query(
        'SELECT request_hash, response_body FROM idempotency_keys WHERE user_id = $1 AND scope = $2 AND key = $3',
        [userId, scope, key],
      )) as KeyRow[];
      if (row) {
        if (row.request_hash !== hash)
          throw new DomainError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            'This Idempotency-Key was used with a different request',
          );
        if (row.response_body !== null) return row.response_body as T;
      }
      if (Date.now() > deadline)
        throw new DomainError(
          ErrorCode.IDEMPOTENCY_KEY_IN_USE,
          'A request with this Idempotency-Key is still running; retry later',
        );
      await sleep(25);
    }
  }

  private async runFirst<T>(userId: string, scope: string, key: string, fn: () => Promise<T>) {
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      await this.dataSource.query(
        'DELETE FROM idempotency_keys WHERE user_id = $1 AND scope = $2 AND key = $3',
        [userId, scope, key],
      );
      throw error;
    }
    // Stored as the client saw it (JSON), so a repeat gets the very same body.
    const stored = JSON.parse(JSON.stringify(result)) as T;
    await this.dataSource.query(
      `UPDATE idempotency_keys SET response_status = 200, response_body = $4
        WHERE user_id = $1 AND scope = $2 AND key = $3`,
      [userId, scope, key, JSON.stringify(stored)],
    );
    return stored;
  }
}
