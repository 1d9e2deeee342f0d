import { Controller, Get, Module, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Query, Resolver } from '@nestjs/graphql';
import { AppCache, DomainError, ErrorCode, ReadReplica } from '@app/core';
import { DataSource } from 'typeorm';

/**
 * Routes that exist only in tests, mounted through createApp's extraModules,
 * to drive the error paths the product itself should never take.
 */
interface DatabaseSession {
  user: string;
  readOnly: string;
  migrations: number;
}

// Test fixtures, not part of the API's contract.
@ApiExcludeController()
@Controller('probe')
class ProbeController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: AppCache,
    private readonly replica: ReadReplica,
  ) {}

  /** Which server role answers a read that asks for a replica, and one that does not. */
  @Get('database-roles')
  async databaseRoles(): Promise<Record<'replica' | 'primary', DatabaseSession>> {
    const session = `SELECT current_user AS "user", current_setting('transaction_read_only') AS "readOnly",
                            (SELECT count(*)::int FROM typeorm_migrations) AS "migrations"`;
    const [replica] = (await this.replica.read((m) => m.query(session))) as DatabaseSession[];
    const [primary] = (await this.dataSource.query(session)) as DatabaseSession[];
    return { replica, primary };
  }

  /** A value computed once per key, then served from the cache. */
  @Get('cached/:key')
  async cached(@Param('key') key: string): Promise<{ value: string }> {
    return this.cache.getOrLoad(`probe:${key}`, async () => ({
      value: `computed at ${new Date().toISOString()}`,
    }));
  }

  @Get('crash')
  crash(): never {
    throw new Error('secret internal detail: connection string postgres://x:y@z');
  }

  @Get('not-found')
  notFound(): never {
    throw new DomainError(ErrorCode.NOT_FOUND, 'Listing 42 was not found');
  }

  /** Raises a real SQLSTATE from PostgreSQL through TypeORM. */
  @Post('sqlstate/unique')
  async unique(): Promise<void> {
    await this.dataSource.query(
      `DO $$ BEGIN RAISE unique_violation USING CONSTRAINT = 'users_email_key'; END $$`,
    );
  }

  @Post('sqlstate/exclusion')
  async exclusion(): Promise<void> {
    await this.dataSource.query(`DO $$ BEGIN RAISE exclusion_violation; END $$`);
  }

  @Post('sqlstate/foreign-key')
  async foreignKey(): Promise<void> {
    await this.dataSource.query(`DO $$ BEGIN RAISE foreign_key_violation; END $$`);
  }
}

@Resolver()
class ProbeResolver {
  @Query(() => String)
  probeNotFound(): string {
    throw new DomainError(ErrorCode.NOT_FOUND, 'Listing 42 was not found');
  }

  @Query(() => String)
  probeCrash(): string {
    throw new Error('secret internal detail');
  }
}

@Module({ controllers: [ProbeController], providers: [ProbeResolver] })
export class ProbeModule {}
