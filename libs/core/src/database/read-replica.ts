import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';

export interface ReplicaReadOptions {
  /**
   * How long ago the data this read shows was last written (a cache version
   * token's age, `versionTokenAgeMs`), or how to find it out (asked only when
   * replicas are configured). Within DATABASE_REPLICA_LAG_MS the read runs on
   * the primary: a replica may not have that write yet.
   */
  writtenAgoMs?: number | (() => Promise<number>);
}

/**
 * Reads that tolerate a little lag (search, listing pages, calendars) run on
 * a read replica from DATABASE_REPLICA_URLS, picked at random per call; with
 * no replica configured, or for data written within the lag allowance, they
 * run on the primary. Never for a read that must see a write just made in the
 * same flow, nor inside a transaction.
 */
@Injectable()
export class ReadReplica {
  private readonly configured: boolean;
  private readonly lagMs: number;

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.configured = config.databaseReplicaUrls.length > 0;
    this.lagMs = config.env.DATABASE_REPLICA_LAG_MS;
  }

  async read<T>(
    work: (manager: EntityManager) => Promise<T>,
    options: ReplicaReadOptions = {},
  ): Promise<T> {
    if (!this.configured) return work(this.dataSource.manager);
    const { writtenAgoMs = Infinity } = options;
    const ago = typeof writtenAgoMs === 'function' ? await writtenAgoMs() : writtenAgoMs;
    if (ago < this.lagMs) return work(this.dataSource.manager);
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }
}
