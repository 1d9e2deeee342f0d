// Runs the embedded PostgreSQL for `npm start` in its own process group, so a
// Ctrl-C in the terminal reaches the API and the worker first; the launcher
// stops this process (and so PostgreSQL) after they have exited. Reports the
// connection URL over IPC, and stops PostgreSQL if the launcher disappears.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startEmbeddedPostgres } = require('../dist/libs/core/src/database/embedded-postgres.js');

const [dir, port, database] = process.argv.slice(2);

try {
  const server = await startEmbeddedPostgres({ dir, port: Number(port), persistent: true });
  await server.ensureDatabase(database);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop().catch(() => undefined);
    process.exit(0);
  };
  // embedded-postgres also stops its servers on SIGTERM/SIGINT by itself.
  process.on('disconnect', stop);
  process.on('message', (message) => message === 'stop' && stop());
  process.send?.({ ready: true, url: server.url(database) });
} catch (error) {
  process.send?.({ ready: false, error: String(error?.message ?? error) });
  process.exit(1);
}
