// `npm start`: a working API on a bare machine. Builds if needed; with no
// DATABASE_URL starts an embedded PostgreSQL (data kept in .data/); starts the
// API (which migrates) and the worker as two processes; prints where
// everything is; on Ctrl-C/SIGTERM stops the apps, then the database.
import { fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const startedAt = Date.now();
const log = (message) => console.log(`[start] ${message}`);

buildIfStale();
const { AppConfig, ConfigValidationError } = require(
  join(root, 'dist/libs/core/src/config/app-config.js'),
);
const { EMBEDDED_APP_DATABASE } = require(
  join(root, 'dist/libs/core/src/database/embedded-postgres.js'),
);

// Same rule as the apps: a .env file fills in variables that are not set.
if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));
let config;
try {
  config = AppConfig.load(process.env);
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
  console.error(error.message);
  process.exit(78);
}

const children = [];
let database;
let shuttingDown = false;

async function startEmbeddedDatabase() {
  const dir = join(root, config.env.EMBEDDED_PG_DIR);
  log(
    `No DATABASE_URL: starting embedded PostgreSQL on port ${config.env.EMBEDDED_PG_PORT} (data in ${config.env.EMBEDDED_PG_DIR})`,
  );
  database = fork(
    join(root, 'scripts/embedded-db.mjs'),
    [dir, String(config.env.EMBEDDED_PG_PORT), EMBEDDED_APP_DATABASE],
    {
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const message = await new Promise((resolve) => {
    database.once('message', resolve);
    database.once('exit', (code) => resolve({ ready: false, error: `exited with code ${code}` }));
  });
  if (!message.ready) {
    console.error(`[start] Embedded PostgreSQL did not start: ${message.error}`);
    console.error(
      `[start] Is port ${config.env.EMBEDDED_PG_PORT} taken (another npm start)? Set EMBEDDED_PG_PORT or DATABASE_URL.`,
    );
    process.exit(1);
  }
  return message.url;
}

function startApp(name, entry, env) {
  const child = spawn(process.execPath, [join(root, entry)], { env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !shuttingDown) {
    try {
      if ((await fetch(url)).status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('Stopping API and worker…');
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map(exited));
  if (database && database.exitCode === null) {
    log('Stopping embedded PostgreSQL…');
    database.send('stop');
    await exited(database);
  }
  log('Stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const env = { ...process.env };
// The API reports ready only once the demo data below is seeded (see the banner).
if (!config.isProduction) env.READY_AFTER_DEMO_SEED ??= 'true';
if (!env.DATABASE_URL) env.DATABASE_URL = await startEmbeddedDatabase();
// Human-friendly logs in a terminal when pino-pretty is installed (it is a dev dependency).
if (env.LOG_PRETTY === undefined && process.stdout.isTTY) {
  try {
    require.resolve('pino-pretty');
    env.LOG_PRETTY = 'true';
  } catch {
    // production install: keep JSON
  }
}

startApp('API', 'dist/apps/api/src/main.js', env);
startApp('worker', 'dist/apps/worker/src/main.js', env);

/** Demo accounts (and, as the domains grow, their data), created once; null if seeding failed. */
async function seedDemoData(env) {
  // Ctrl-C may come as the API turns ready: a seed started after it would outlive everything.
  if (shuttingDown) return undefined;
  const cli = spawn(process.execPath, [join(root, 'dist/apps/cli/src/main.js'), 'seed:demo'], {
    env: { ...env, LOG_LEVEL: 'warn', LOG_PRETTY: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Ctrl-C during seeding stops it with the apps, before the database goes.
  children.push(cli);
  let output = '';
  cli.stdout.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => cli.once('exit', resolve));
  const last = output.trim().split('\n').at(-1);
  if (code !== 0 || !last) {
    console.error(`[start] Seeding demo data failed (exit ${code})`);
    return undefined;
  }
  try {
    return JSON.parse(last);
  } catch {
    console.error(`[start] Seeding demo data printed no result: ${last}`);
    return undefined;
  }
}

function demoLogins(demo) {
  const rows = demo.accounts.map(
    (a) =>
      `    ${a.email.padEnd(20)} ${a.password}   ${a.role === 'admin' ? 'admin' : a.isHost ? 'host' : 'guest'}`,
  );
  return `  Demo logins (POST /api/v1/auth/login, or "Authorize" in Swagger UI); the two hosts own 20 demo listings each:\n${rows.join('\n')}\n`;
}

const base = `http://localhost:${config.env.PORT}`;
// Live: the API has migrated and listens, so the seed can run; ready: the seed is done too.
const live = await waitFor(`${base}/health/live`);
const demo = live && !config.isProduction ? await seedDemoData(env) : undefined;
if (live && !config.isProduction && !demo && !shuttingDown) await shutdown(1);
if (!live || !(await waitFor(`${base}/health/ready`))) {
  if (!shuttingDown) {
    console.error('[start] The API did not become ready within 120 s');
    await shutdown(1);
  }
} else {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const password = process.env.ADMIN_BASIC_PASSWORD
    ? '(ADMIN_BASIC_PASSWORD)'
    : config.env.ADMIN_BASIC_PASSWORD;
  console.log(`
  Rental marketplace backend is ready (${seconds} s)

  REST API      ${base}/api/v1
  Swagger UI    ${base}/docs          (OpenAPI: ${base}/docs-json)
  GraphQL       ${base}/graphql${config.graphqlIde ? `       (GraphiQL: ${base}/graphiql)` : ''}
  Bull Board    ${base}/admin/queues  (login: ${config.env.ADMIN_BASIC_USER} / ${password})
  Health        ${base}/health/ready
  Metrics       ${base}/metrics

${demo ? demoLogins(demo) : ''}
  Database: ${env.DATABASE_URL === process.env.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL (${config.env.EMBEDDED_PG_DIR})`}
  Queues:   ${config.env.REDIS_URL ? 'Redis' : 'PostgreSQL (BullMQ backend)'}; cache and rate limits: ${config.env.REDIS_URL ? 'Redis' : 'memory'}

  Ctrl-C stops everything.
`);
}
