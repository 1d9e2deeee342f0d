import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppCache } from './cache/app-cache';
import { CacheModule } from './cache/cache.module';
import { Clock, SystemClock } from './clock/clock';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { ReadReplica } from './database/read-replica';
import { TransactionRunner } from './database/transaction';
import { LoggingModule } from './logging/logging.module';
import { Metrics } from './metrics/metrics';
import { useCursorSecret } from './pagination/cursor';
import { QueueModule } from './queue/queue.module';

export interface CoreModuleOptions {
  /** Replaces the system clock (tests pass a TestClock). */
  clock?: Clock;
  /** Connection attempts before giving up at start (a command-line run wants 1). */
  databaseConnectAttempts?: number;
}

/**
 * What both processes share: config, logging, database, cache, queues,
 * metrics and the clock. Each app imports it once with the config it parsed.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, options: CoreModuleOptions = {}): DynamicModule {
    useCursorSecret(config.env.JWT_SECRET!);
    const clock: Provider = options.clock
      ? { provide: Clock, useValue: options.clock }
      : { provide: Clock, useClass: SystemClock };
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config),
          autoLoadEntities: true,
          ...(options.databaseConnectAttempts === undefined
            ? {}
            : { retryAttempts: options.databaseConnectAttempts - 1 }),
        }),
        CacheModule,
        QueueModule,
      ],
      providers: [clock, TransactionRunner, Metrics, AppCache, ReadReplica],
      exports: [clock, TransactionRunner, Metrics, AppCache, ReadReplica],
    };
  }
}
