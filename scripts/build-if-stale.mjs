// Compiles apps/ and libs/ into dist/ (with --force, or when a source file is
// newer than the last build). Used by `npm start` and by the test setup (the worker runs compiled).
// SWC only strips types (about 1 s instead of tsc's 20-40 s on two cores); `npm run typecheck`
// (tsc --noEmit, run by CI and the lint step) is where types are checked.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const stamp = join(root, 'dist/.build-stamp');

/** tsconfig.json's emit, in SWC's terms: CommonJS, ES2023, legacy decorators with their metadata (Nest's DI reads it). */
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    target: 'es2023',
    keepClassNames: true,
    baseUrl: root,
    paths: { '@app/*': ['./libs/*/src'] },
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
  swcrc: false,
  configFile: false,
};

function sources(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sources(path));
    else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.spec.ts') &&
      !entry.name.endsWith('.d.ts')
    )
      found.push(path);
  }
  return found;
}

function compile() {
  // Loaded only when something is stale: an up-to-date start skips its ~0.3 s load.
  const { transformFileSync } = createRequire(import.meta.url)('@swc/core');
  for (const file of ['apps', 'libs'].flatMap((d) => sources(join(root, d)))) {
    const out = join(root, 'dist', relative(root, file)).replace(/\.ts$/, '.js');
    const { code, map } = transformFileSync(file, {
      ...swcOptions,
      filename: file,
      outputPath: out,
      sourceFileName: relative(dirname(out), file),
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${code}\n//# sourceMappingURL=${out.split('/').at(-1)}.map\n`);
    if (map) writeFileSync(`${out}.map`, map);
  }
}

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
  const configs = ['scripts/build-if-stale.mjs', 'package-lock.json'].map((f) =>
    existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0,
  );
  return Math.max(...inputs, ...configs) > built;
}

/** Only .ts files are compiled: template files (emails) go beside the compiled code that reads them. */
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
  const startedAt = Date.now();
  try {
    compile();
    copyTemplates();
  } catch (error) {
    throw new Error(`Build failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  writeFileSync(stamp, new Date().toISOString());
  if (!quiet) console.log(`Built dist/ (SWC) in ${Date.now() - startedAt} ms`);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildIfStale({ force: process.argv.includes('--force') });
}
