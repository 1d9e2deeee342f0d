import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Reads that tolerate a little lag (search, listing pages, calendars) run on
 * a read replica from DATABASE_REPLICA_URLS, picked at random per call; with
 * no replica configured they run on the primary. Never for a read that must
 * see a write just made (the replica may not have it yet) or inside a transaction.
 */
@Injectable()
export class ReadReplica {
  constructor(private readonly dataSource: DataSource) {}

  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }
}
