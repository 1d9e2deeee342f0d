// Runs once per `npm test`: compiles the apps (the worker is tested as a real
// child process), picks the PostgreSQL server (DATABASE_URL, or an embedded one),
// creates this run's template database with every migration applied, and
// hands the names to the test workers through the environment.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { adminQuery, freePort, withDatabase } from './pg-admin.mjs';

const require = createRequire(import.meta.url);

export default async function globalSetup() {
  buildIfStale({ quiet: true });
  const core = require('../../dist/libs/core/src/index.js');
  const typeorm = require('typeorm');

  const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'abnb-test-pg-'));
    const port = await freePort();
    const {
      startEmbeddedPostgres,
    } = require('../../dist/libs/core/src/database/embedded-postgres.js');
    const embedded = await startEmbeddedPostgres({ dir, port, persistent: false });
    globalThis.__EMBEDDED_PG__ = embedded;
    serverUrl = embedded.url('postgres');
  }
  const template = `${runId}_template`;
  await adminQuery(serverUrl, `CREATE DATABASE "${template}"`);
  const config = core.AppConfig.load({
    ...process.env,
    DATABASE_URL: withDatabase(serverUrl, template),
    NODE_ENV: 'test',
  });
  const dataSource = await new typeorm.DataSource(core.dataSourceOptions(config)).initialize();
  await core.runMigrationsLocked(dataSource);
  await dataSource.destroy();

  process.env.TEST_RUN_ID = runId;
  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_TEMPLATE_DB = template;
  const version = await adminQuery(serverUrl, 'SHOW server_version_num');
  process.env.TEST_PG_SERVER_MAJOR = String(Math.floor(version.rows[0].server_version_num / 10000));
  globalThis.__TEST_RUN__ = { runId, serverUrl };
}
