import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@app/core';
import { UsersService } from '@app/users';
import { CliModule } from './cli.module';
import { DemoSeed } from './commands/demo-seed';

const USAGE = `Usage: npm run cli -- <command>   (DATABASE_URL, or the database of a running \`npm start\`)

  users:promote <email>   make the account an admin
  users:demote <email>    make an admin a regular user again
  seed:demo               create the demo accounts (once; prints them as JSON)`;

type Command = (
  app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>,
  args: string[],
) => Promise<string>;

const commands: Record<string, Command> = {
  'users:promote': async (app, [email]) => {
    const user = await app.get(UsersService).setRole(required(email, 'email'), 'admin');
    return `${user.email} is now an admin`;
  },
  'users:demote': async (app, [email]) => {
    const user = await app.get(UsersService).setRole(required(email, 'email'), 'user');
    return `${user.email} is now a regular user`;
  },
  'seed:demo': async (app) => JSON.stringify(await app.get(DemoSeed).run()),
};

function required(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`missing <${name}>`);
  return value;
}

class UsageError extends Error {}

/** One command per run; exit 0 on success, 1 on failure, 64 on wrong usage. */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name ? `Unknown command: ${name}\n\n${USAGE}` : USAGE);
    return 64;
  }
  // Beside a running `npm start`, no DATABASE_URL means its embedded database.
  const config = loadConfigOrExit({ embeddedDatabaseFallback: true });
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    console.log(await command(app, args));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 64;
    }
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
