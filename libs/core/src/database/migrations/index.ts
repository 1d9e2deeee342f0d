import { EnableExtensions1763942400000 } from './1763942400000-enable-extensions';
import { CreateOutboxMessages1763942500000 } from './1763942500000-create-outbox-messages';
import { CreateUsersAndSessions1763942600000 } from './1763942600000-create-users-and-sessions';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the same list
 * works from compiled code, from tests and from the CLI. A new migration made
 * by `npm run migration:generate` is added here.
 */
export const migrations = [
  EnableExtensions1763942400000,
  CreateOutboxMessages1763942500000,
  CreateUsersAndSessions1763942600000,
];
