// Startup benchmark: time from spawning the compiled API (and worker) to its
// first 200 on /health/ready (/health/live), with the database already up.
// Uses DATABASE_URL / REDIS_URL from the environment (the production shape).
// Usage: npm run bench:startup [-- --runs 5]
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from '../scripts/build-if-stale.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
if (!process.env.DATABASE_URL) {
  console.error('Set DATABASE_URL (and REDIS_URL) to the servers to measure against.');
  process.exit(2);
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function timeToReady(entry, env, url) {
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, entry)], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (performance.now() - started > 30_000) throw new Error(`${entry} not ready in 30 s`);
      try {
        if ((await fetch(url)).status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

buildIfStale();
const results = { api: [], worker: [] };
for (let i = 0; i < runs; i++) {
  const port = await freePort();
  results.api.push(
    await timeToReady(
      'dist/apps/api/src/main.js',
      { PORT: String(port), WORKER_HEALTH_PORT: '0' },
      `http://127.0.0.1:${port}/health/ready`,
    ),
  );
  const healthPort = await freePort();
  results.worker.push(
    await timeToReady(
      'dist/apps/worker/src/main.js',
      { WORKER_HEALTH_PORT: String(healthPort) },
      `http://127.0.0.1:${healthPort}/health/live`,
    ),
  );
}
console.log(
  `Node ${process.version}, ${runs} runs, queues on ${process.env.REDIS_URL ? 'Redis' : 'PostgreSQL'}`,
);
for (const [name, times] of Object.entries(results)) {
  console.log(
    `${name.padEnd(7)} ready: median ${Math.round(median(times))} ms, min ${Math.round(Math.min(...times))} ms, max ${Math.round(Math.max(...times))} ms`,
  );
}
