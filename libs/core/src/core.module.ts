import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheModule } from './cache/cache.module';
import { Clock, SystemClock } from './clock/clock';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { TransactionRunner } from './database/transaction';
import { LoggingModule } from './logging/logging.module';
import { Metrics } from './metrics/metrics';
import { QueueModule } from './queue/queue.module';

export interface CoreModuleOptions {
  /** Replaces the system clock (tests pass a TestClock). */
  clock?: Clock;
}

/**
 * What both processes share: config, logging, database, cache, queues,
 * metrics and the clock. Each app imports it once with the config it parsed.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, options: CoreModuleOptions = {}): DynamicModule {
    const clock: Provider = options.clock
      ? { provide: Clock, useValue: options.clock }
      : { provide: Clock, useClass: SystemClock };
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        TypeOrmModule.forRoot({ ...dataSourceOptions(config), autoLoadEntities: true }),
        CacheModule,
        QueueModule,
      ],
      providers: [clock, TransactionRunner, Metrics],
      exports: [clock, TransactionRunner, Metrics],
    };
  }
}
