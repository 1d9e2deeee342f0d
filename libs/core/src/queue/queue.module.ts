import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { queueRootOptions } from './queue-backend';
import { ALL_QUEUES } from './queue-names';
import { QueueStats } from './queue-stats';
import { SystemJobs } from './system-jobs';

/** Connects BullMQ (Redis or PostgreSQL backend) and registers every queue for producers. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => queueRootOptions(config),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [SystemJobs, QueueStats],
  exports: [BullModule, SystemJobs, QueueStats],
})
export class QueueModule {}
