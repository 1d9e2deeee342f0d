import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the template files are. Compiled (CommonJS, `node dist/...`), they sit
 * beside this file: the build copies `libs/*\/src/templates` into dist. Under
 * Jest's ESM mode `__dirname` does not exist (and `import.meta` cannot be
 * written in code tsc compiles to CommonJS), so there the source tree is found
 * from the working directory, which Jest sets to the repository root.
 * Checked once at start-up, so a missing directory stops the process instead
 * of failing each email later.
 */
export function defaultTemplatesDir(): string {
  const candidates = [
    ...(typeof __dirname === 'string' ? [join(__dirname, 'templates')] : []),
    join(process.cwd(), 'libs/notifications/src/templates'),
  ];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`Email templates not found; looked in ${candidates.join(', ')}`);
  return found;
}
