import 'reflect-metadata';
import { loadConfigOrExit } from '../config/load-config';
import { restoreDatabase } from './database-restore';

/** `npm run db:restore -- <file>`: restore a backup into DATABASE_URL (empty or missing), then migrate. */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    console.error('Usage: npm run db:restore -- <backup file>');
    process.exit(64); // EX_USAGE
  }
  const config = loadConfigOrExit();
  const result = await restoreDatabase(config, file);
  const migrations = result.migrationsApplied.length
    ? `migrations applied: ${result.migrationsApplied.join(', ')}`
    : 'no pending migrations';
  console.log(
    `Restored ${file} into "${result.database}"${result.created ? ' (created)' : ''}; ${migrations} (${result.durationMs} ms)`,
  );
}

main().catch((error: unknown) => {
  console.error('Restore failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
