import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, BACKUP_SCHEDULER_ID, QueueName, SystemJob } from '@app/core';
import type { Queue } from 'bullmq';

/**
 * With BACKUP_CRON set, one job scheduler (shared by every worker process)
 * produces a backup job per tick; without it the scheduler is removed, so
 * turning the setting off takes effect at the next start.
 */
@Injectable()
export class BackupScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(BackupScheduler.name);

  constructor(
    @InjectQueue(QueueName.SYSTEM) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const pattern = this.config.env.BACKUP_CRON;
    if (!pattern) {
      await this.queue.removeJobScheduler(BACKUP_SCHEDULER_ID);
      return;
    }
    await this.queue.upsertJobScheduler(
      BACKUP_SCHEDULER_ID,
      { pattern, tz: 'UTC' },
      {
        name: SystemJob.BACKUP_DATABASE,
        data: {},
        // A failed backup is retried by the next tick, not hammered.
        opts: { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } },
      },
    );
    this.logger.log(
      `Database backup scheduled: "${pattern}" (UTC) into ${this.config.env.BACKUP_DIR}`,
    );
  }
}
