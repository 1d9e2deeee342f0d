// Compiles apps/ and libs/ into dist/ (with --force, or when a source file is
// newer than the last build). Used by `npm start` and by the test setup (the worker runs compiled).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const stamp = join(root, 'dist/.build-stamp');
const bin = (name) => join(root, 'node_modules/.bin', name);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') || path.includes('/templates/'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function isBuildStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const inputs = ['apps', 'libs'].map((d) => newestMtime(join(root, d)));
  const configs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) =>
    existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0,
  );
  return Math.max(...inputs, ...configs) > built;
}

/** tsc emits only compiled .ts: template files (emails) go beside the compiled code that reads them. */
function copyTemplates() {
  for (const lib of readdirSync(join(root, 'libs'))) {
    const from = join(root, 'libs', lib, 'src/templates');
    if (!existsSync(from)) continue;
    const to = join(root, 'dist/libs', lib, 'src/templates');
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
  }
}

export function buildIfStale({ quiet = false, force = false } = {}) {
  if (!force && !isBuildStale()) return false;
  if (!quiet) console.log('Building (tsc)…');
  const opts = { cwd: root, stdio: quiet ? 'pipe' : 'inherit' };
  try {
    execFileSync(process.execPath, [bin('tsc'), '-p', 'tsconfig.build.json'], opts);
    execFileSync(process.execPath, [bin('tsc-alias'), '-p', 'tsconfig.build.json'], opts);
    copyTemplates();
  } catch (error) {
    // Quiet builds still show the compiler's findings when they fail.
    if (error.stdout?.length) process.stderr.write(error.stdout);
    throw new Error('Build failed', { cause: error });
  }
  execFileSync(
    process.execPath,
    ['-e', `require('fs').writeFileSync(${JSON.stringify(stamp)}, new Date().toISOString())`],
    opts,
  );
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildIfStale({ force: process.argv.includes('--force') });
}
