import { Controller, Get, Module, Post } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { DomainError, ErrorCode } from '@app/core';
import { DataSource } from 'typeorm';

/**
 * Routes that exist only in tests, mounted through createApp's extraModules,
 * to drive the error paths the product itself should never take.
 */
@Controller('probe')
class ProbeController {
  constructor(private readonly dataSource: DataSource) {}

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
