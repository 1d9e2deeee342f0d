import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { SqlState, sqlStateOf } from '../errors/postgres-error';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Retries on serialization failure / deadlock (only safe when fn has no outside side effects). */
  retries?: number;
}

const RETRYABLE = new Set<string>([SqlState.SERIALIZATION_FAILURE, SqlState.DEADLOCK_DETECTED]);

/**
 * The one way to run several writes atomically: the function gets an
 * EntityManager bound to the transaction; it commits when the function
 * resolves and rolls back when it throws.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(
    fn: (manager: EntityManager) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const isolation = options.isolation ?? 'READ COMMITTED';
    const retries = options.retries ?? 0;
    for (let attempt = 0; ; attempt++) {
      try {
        // READ COMMITTED is every session's default (dataSourceOptions pins it), so asking
        // for it would only cost a SET TRANSACTION round trip per transaction.
        return await (isolation === 'READ COMMITTED'
          ? this.dataSource.transaction(fn)
          : this.dataSource.transaction(isolation, fn));
      } catch (error) {
        const state = sqlStateOf(error);
        if (attempt >= retries || state === undefined || !RETRYABLE.has(state)) throw error;
      }
    }
  }
}
