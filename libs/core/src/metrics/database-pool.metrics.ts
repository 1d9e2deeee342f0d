import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/** The parts of node-postgres' Pool that tell how busy it is. */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

function poolOf(dataSource: DataSource): PoolCounts | undefined {
  // TypeORM's PostgreSQL driver keeps its pg.Pool as `master`.
  const pool = (dataSource.driver as unknown as { master?: PoolCounts }).master;
  return pool && typeof pool.totalCount === 'number' ? pool : undefined;
}

/** Connections in use / idle and callers waiting for one, read from the pool at scrape time. */
export function databasePoolGauges(registry: Registry, dataSource: DataSource): void {
  new Gauge({
    name: 'db_pool_connections',
    help: 'Connections of the database pool by state (in_use, idle)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = poolOf(dataSource);
      if (!pool) return;
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: 'db_pool_waiting_clients',
    help: 'Queries waiting for a free database connection',
    registers: [registry],
    collect() {
      const pool = poolOf(dataSource);
      if (pool) this.set(pool.waitingCount);
    },
  });
}
