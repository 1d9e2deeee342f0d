import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dataSourceOptions, migrations, runMigrationsLocked, TransactionRunner } from '@app/core';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { runId, testConfig, withDatabase } from './support/test-env';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_PG_SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('database', () => {
  describe('migrations', () => {
    const database = `${runId()}_migrations`;
    const sources: DataSource[] = [];

    beforeAll(async () => {
      await admin(`CREATE DATABASE "${database}"`);
    });

    afterAll(async () => {
      await Promise.all(sources.map((s) => s.destroy()));
    });

    it('run exactly once when several processes start together (advisory lock)', async () => {
      const config = await testConfig({
        DATABASE_URL: withDatabase(process.env.TEST_PG_SERVER_URL!, database),
      });
      for (let i = 0; i < 4; i++)
        sources.push(await new DataSource(dataSourceOptions(config)).initialize());
      const applied = await Promise.all(sources.map((s) => runMigrationsLocked(s)));
      // One process applied everything; the others waited for the lock and found nothing pending.
      expect(applied.map((list) => list.length).sort()).toEqual([0, 0, 0, migrations.length]);
      const rows: { name: string }[] = await sources[0].query(
        'SELECT name FROM typeorm_migrations ORDER BY id',
      );
      expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
      const extensions: { extname: string }[] = await sources[0].query(
        `SELECT extname FROM pg_extension WHERE extname = 'btree_gist'`,
      );
      expect(extensions).toHaveLength(1);
    });
  });

  describe('on the migrated schema', () => {
    let dataSource: DataSource;
    let tx: TransactionRunner;

    beforeAll(async () => {
      dataSource = await new DataSource(dataSourceOptions(await testConfig())).initialize();
      tx = new TransactionRunner(dataSource);
      await dataSource.query(`
        CREATE TABLE IF NOT EXISTS probe_stays (
          id serial PRIMARY KEY,
          listing_id uuid NOT NULL,
          stay daterange NOT NULL,
          EXCLUDE USING gist (listing_id WITH =, stay WITH &&)
        )`);
    });

    afterAll(async () => {
      await dataSource.query('DROP TABLE IF EXISTS probe_stays');
      await dataSource.destroy();
    });

    it('btree_gist lets an exclusion constraint refuse overlapping stays of one listing (SQLSTATE 23P01)', async () => {
      const listing = '6f1c1f0e-0000-4000-8000-000000000001';
      await dataSource.query(
        `INSERT INTO probe_stays (listing_id, stay) VALUES ($1, '[2030-01-01,2030-01-05)')`,
        [listing],
      );
      // Back-to-back stays share no night: allowed.
      await dataSource.query(
        `INSERT INTO probe_stays (listing_id, stay) VALUES ($1, '[2030-01-05,2030-01-07)')`,
        [listing],
      );
      await expect(
        dataSource.query(
          `INSERT INTO probe_stays (listing_id, stay) VALUES ($1, '[2030-01-04,2030-01-06)')`,
          [listing],
        ),
      ).rejects.toMatchObject({
        driverError: { code: '23P01' },
      });
    });

    it('the transaction helper commits on success and rolls everything back on error', async () => {
      const listing = '6f1c1f0e-0000-4000-8000-000000000002';
      await tx.run(async (em) => {
        await em.query(
          `INSERT INTO probe_stays (listing_id, stay) VALUES ($1, '[2031-01-01,2031-01-02)')`,
          [listing],
        );
      });
      await expect(
        tx.run(async (em) => {
          await em.query(
            `INSERT INTO probe_stays (listing_id, stay) VALUES ($1, '[2031-02-01,2031-02-02)')`,
            [listing],
          );
          await em.query(
            `INSERT INTO probe_stays (listing_id, stay) VALUES ($1, '[2031-01-01,2031-01-03)')`,
            [listing],
          );
        }),
      ).rejects.toMatchObject({ driverError: { code: '23P01' } });
      const rows: { stay: string }[] = await dataSource.query(
        'SELECT stay::text FROM probe_stays WHERE listing_id = $1',
        [listing],
      );
      expect(rows.map((r) => r.stay)).toEqual(['[2031-01-01,2031-01-02)']);
    });

    it('retries a serialization failure when asked to', async () => {
      let attempts = 0;
      const result = await tx.run(
        async (em) => {
          attempts++;
          if (attempts === 1) await em.query(`DO $$ BEGIN RAISE serialization_failure; END $$`);
          return 'done';
        },
        { isolation: 'SERIALIZABLE', retries: 2 },
      );
      expect(result).toBe('done');
      expect(attempts).toBe(2);
    });
  });
});
