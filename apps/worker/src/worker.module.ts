import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig, CoreModule, type CoreModuleOptions } from '@app/core';
import { NotificationsModule } from '@app/notifications';
import { OutboxSweeperScheduler } from './notifications/outbox-sweeper.scheduler';
import { SendEmailProcessor } from './notifications/send-email.processor';
import { SystemProcessor } from './system/system.processor';

/** The worker process: the shared libs and the queue processors, no HTTP or GraphQL. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: CoreModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, options), DiscoveryModule, NotificationsModule],
      providers: [SystemProcessor, SendEmailProcessor, OutboxSweeperScheduler],
    };
  }
}
