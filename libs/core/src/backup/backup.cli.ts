import 'reflect-metadata';
import { loadConfigOrExit } from '../config/load-config';
import { backupDatabase } from './database-backup';

/** `npm run db:backup [-- <dir>]`: one pg_dump of DATABASE_URL into BACKUP_DIR (or <dir>). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const result = await backupDatabase(config, { dir: process.argv[2] });
  console.log(`Backup written: ${result.file} (${result.bytes} bytes, ${result.durationMs} ms)`);
}

main().catch((error: unknown) => {
  console.error('Backup failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
