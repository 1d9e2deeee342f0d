import { afterAll, describe, expect, it } from '@jest/globals';
import { findPgTool } from '@app/core';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { register } from './support/accounts';
import { json, startApi } from './support/api-server';
import { booked, day, getBooking, pay } from './support/bookings';
import { createPublished, registerHost } from './support/listings';
import { eventually, startProcess } from './support/processes';
import { fingerprintTables } from './support/table-fingerprint';
import { OPERATOR_AUTH, runId, testConfig, testEnv, withDatabase } from './support/test-env';

const server = process.env.TEST_PG_SERVER_URL!;
const suffix = `w${process.env.JEST_WORKER_ID ?? '1'}`;
const sourceDb = `${runId()}_bksrc_${suffix}`;
const sourceUrl = withDatabase(server, sourceDb);

// pg_dump refuses servers newer than itself: the suite needs client tools for this server's
// version. The embedded server (a newer major than most systems' tools) may go without; against
// a server the run was given (DATABASE_URL, as in CI) the suite always runs, so missing tools
// fail it instead of skipping it quietly.
function clientToolsFound(): boolean {
  const major = Number(process.env.TEST_PG_SERVER_MAJOR);
  try {
    findPgTool('pg_dump', major);
    findPgTool('pg_restore', major);
    return true;
  } catch (error) {
    if (process.env.DATABASE_URL) return true;
    console.warn(`backup tests skipped on the embedded server: ${String(error)}`);
    return false;
  }
}
const TIMEOUT = 60_000;
const describeWithTools = clientToolsFound() ? describe : describe.skip;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const BACKUP = 'dist/libs/core/src/backup/backup.cli.js';
const RESTORE = 'dist/libs/core/src/backup/restore.cli.js';

/** Runs a compiled CLI to completion. */
async function runCli(entry: string, args: string[], env: NodeJS.ProcessEnv) {
  const proc = startProcess(entry, env, args);
  const code = await proc.exited;
  return { code, output: proc.output() };
}

/** Runs a compiled CLI that must succeed; its output is the failure message otherwise. */
async function runOk(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { code, output } = await runCli(entry, args, env);
  if (code !== 0) throw new Error(`${entry} exited with ${code}:\n${output}`);
  return output;
}

describeWithTools('db:backup and db:restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abnb-backup-'));
  const scheduledDir = mkdtempSync(join(tmpdir(), 'abnb-backup-scheduled-'));

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scheduledDir, { recursive: true, force: true });
  }, TIMEOUT);

  it(
    'a backup of a database seeded through the API restores elsewhere with identical tables',
    async () => {
      await admin(`CREATE DATABASE "${sourceDb}" TEMPLATE "${process.env.TEST_TEMPLATE_DB}"`);
      const api = await startApi(await testConfig({ DATABASE_URL: sourceUrl }));
      try {
        for (let i = 0; i < 3; i++) await register(api);
        // A published listing with a paid (confirmed) booking: bookings and payments hold rows.
        const host = await registerHost(api);
        const guest = await register(api);
        const listing = await createPublished(api, host.accessToken);
        const booking = await booked(api, guest.accessToken, {
          listingId: listing.id,
          checkIn: day(20),
          checkOut: day(22),
          guests: 2,
        });
        expect((await pay(api, guest.accessToken, booking)).status).toBe(200);
        expect((await getBooking(api, guest.accessToken, booking.id)).status).toBe('confirmed');
        const ping = await api.request(
          '/api/v1/system/jobs/ping',
          json({ message: 'kept in the backup' }, { authorization: OPERATOR_AUTH }),
        );
        expect(ping.status).toBe(202);
      } finally {
        await api.close();
      }

      const env = await testEnv({ DATABASE_URL: sourceUrl, BACKUP_DIR: dir });
      expect(await runOk(BACKUP, [], env)).toMatch(/^Backup written: /);
      const files = readdirSync(dir);
      expect(files).toEqual([
        expect.stringMatching(new RegExp(`^backup-${sourceDb}-\\d{8}T\\d{6}Z\\.dump$`)),
      ]);
      const file = join(dir, files[0]);

      const targetUrl = withDatabase(server, `${runId()}_bkdst_${suffix}`);
      const restored = await runOk(RESTORE, [file], { ...env, DATABASE_URL: targetUrl });
      expect(restored).toMatch(/Restored .* \(created\); no pending migrations/);

      const before = await fingerprintTables(sourceUrl);
      const after = await fingerprintTables(targetUrl);
      expect(before['public.users'].rows).toBeGreaterThanOrEqual(3);
      expect(before['public.typeorm_migrations'].rows).toBeGreaterThan(0);
      expect(before['public.listings'].rows).toBeGreaterThan(0);
      expect(before['public.bookings'].rows).toBeGreaterThan(0);
      expect(before['public.payments'].rows).toBeGreaterThan(0);
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      expect(after).toEqual(before);

      // A second restore into the now non-empty database is refused and changes nothing.
      const again = await runCli(RESTORE, [file], {
        ...env,
        DATABASE_URL: targetUrl,
      });
      expect(again.code).toBe(1);
      expect(again.output).toMatch(/is not empty/);
      expect(await fingerprintTables(targetUrl)).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    'a backup from before a migration comes back with the migration applied',
    async () => {
      const oldDb = `${runId()}_bkold_${suffix}`;
      const oldUrl = withDatabase(server, oldDb);
      await admin(`CREATE DATABASE "${oldDb}" TEMPLATE "${process.env.TEST_TEMPLATE_DB}"`);
      // Stand-in for an older schema: the newest migration undone (recorded and applied).
      const undo = await runOk(
        'node_modules/typeorm/cli.js',
        ['migration:revert', '-d', 'dist/libs/core/src/database/data-source.js'],
        await testEnv({ DATABASE_URL: oldUrl }),
      );
      const reverted = /Migration (\S+) has been reverted successfully/.exec(undo)?.[1];
      expect(reverted).toBeDefined();

      const oldDir = mkdtempSync(join(tmpdir(), 'abnb-backup-old-'));
      try {
        const env = await testEnv({ DATABASE_URL: oldUrl, BACKUP_DIR: oldDir });
        await runOk(BACKUP, [], env);
        const [file] = readdirSync(oldDir);
        const targetUrl = withDatabase(server, `${runId()}_bkold2_${suffix}`);
        const restored = await runOk(RESTORE, [join(oldDir, file)], {
          ...env,
          DATABASE_URL: targetUrl,
        });
        expect(restored).toContain(`migrations applied: ${reverted}`);
        const template = await fingerprintTables(
          withDatabase(server, process.env.TEST_TEMPLATE_DB!),
        );
        const tables = await fingerprintTables(targetUrl);
        expect(
          Object.keys(tables)
            .filter((t) => !t.startsWith('bullmq'))
            .sort(),
        ).toEqual(Object.keys(template).sort());
      } finally {
        rmSync(oldDir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  it(
    'refuses to run without a file, with a usage message',
    async () => {
      const result = await runCli(RESTORE, [], await testEnv({ DATABASE_URL: sourceUrl }));
      expect(result.code).toBe(64);
      expect(result.output).toContain('Usage: npm run db:restore -- <backup file>');
    },
    TIMEOUT,
  );

  it(
    'the worker writes backups on BACKUP_CRON and keeps the newest BACKUP_KEEP',
    async () => {
      const env = await testEnv({
        DATABASE_URL: sourceUrl,
        BACKUP_DIR: scheduledDir,
        BACKUP_CRON: '*/2 * * * * *',
        BACKUP_KEEP: '2',
        KEY_PREFIX: `${runId()}bk${suffix}`,
        QUEUE_PG_SCHEMA: `bullmq_${runId()}_bk`.toLowerCase(),
      });
      const workers = [startProcess('dist/apps/worker/src/main.js', env)];
      try {
        // Ticks every 2 s; retention keeps the newest two.
        await eventually(
          async () => (readdirSync(scheduledDir).length >= 2 ? true : undefined),
          30_000,
        ).catch((error: unknown) => {
          throw new Error(`${String(error)}\n${workers.map((w) => w.output()).join('\n')}`);
        });
        const first = readdirSync(scheduledDir).sort();
        // Two more ticks: newer files replace the oldest, two remain.
        const later = await eventually(async () => {
          const files = readdirSync(scheduledDir)
            .filter((f) => !f.endsWith('.partial'))
            .sort();
          return files[0] > first[1] ? files : undefined;
        }, 30_000);
        expect(later).toHaveLength(2);
      } finally {
        await Promise.all(workers.map((w) => w.stop('SIGTERM')));
      }
    },
    TIMEOUT,
  );
});
