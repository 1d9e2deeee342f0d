import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '../config/load-config';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsLocked } from './run-migrations';

/** `npm run migration:run` and the Docker image's `migrate` command: apply pending migrations, then exit. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    const ran = await runMigrationsLocked(dataSource);
    console.log(
      ran.length === 0 ? 'No pending migrations' : `Applied: ${ran.map((m) => m.name).join(', ')}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error('Migration failed:', error);
  process.exit(1);
});
