import type { DataSource, Migration } from 'typeorm';

/** Key of the session advisory lock that lets only one process migrate at a time. */
const MIGRATION_LOCK_KEY = 0x61626e62; // "abnb"

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so that
 * many API processes starting together migrate exactly once: the others wait
 * for the lock, then find nothing pending.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockRunner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lockRunner.release();
  }
}
