import { EnableExtensions1763942400000 } from './1763942400000-enable-extensions';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the same list
 * works from compiled code, from tests and from the CLI. A new migration made
 * by `npm run migration:generate` is added here.
 */
export const migrations = [EnableExtensions1763942400000];
