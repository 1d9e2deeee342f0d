import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig, CoreModule, type CoreModuleOptions } from '@app/core';
import { AuthModule } from '@app/auth';
import { BookingsModule } from '@app/bookings';
import { NotificationsModule } from '@app/notifications';
import { BookingJobsProcessor } from './bookings/booking-jobs.processor';
import { BookingSweeperScheduler } from './bookings/booking-sweeper.scheduler';
import { ReviewsModule } from '@app/reviews';
import { OutboxSweeperScheduler } from './notifications/outbox-sweeper.scheduler';
import { PaymentJobsProcessor } from './payments/payment-jobs.processor';
import { PaymentSchedulers } from './payments/payment-schedulers';
import { SendEmailProcessor } from './notifications/send-email.processor';
import { SystemProcessor } from './system/system.processor';
import { JobMetrics } from './metrics/job-metrics';
import { applyProcessorOptions } from './processor-options';
import { BackupScheduler } from './system/backup.scheduler';
import { CloseWorkersFirst } from './close-workers-first';
import { ReviewJobsScheduler } from './reviews/review-jobs.scheduler';
import { ReviewsProcessor } from './reviews/reviews.processor';

/** The worker process: the shared libs and the queue processors, no HTTP or GraphQL. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: CoreModuleOptions = {}): DynamicModule {
    const providers: Type[] = [SystemProcessor, SendEmailProcessor, OutboxSweeperScheduler];
    // Operations: the scheduled backup and the job metrics.
    providers.push(BackupScheduler, JobMetrics);
    // Bookings: lifecycle jobs and the payment calls they make.
    providers.push(BookingJobsProcessor, BookingSweeperScheduler);
    // Payments: webhook events, reconciliation and host payouts.
    providers.push(PaymentJobsProcessor, PaymentSchedulers);
    // Reviews: window reminders and publication, the nightly ratings recompute.
    providers.push(ReviewsProcessor, ReviewJobsScheduler);
    // Shutdown: the workers finish their jobs before anything they use is closed.
    providers.push(CloseWorkersFirst);
    applyProcessorOptions(config, providers);
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, options),
        DiscoveryModule,
        NotificationsModule,
        // "Forgot password" requests are resolved here, off the API's request path.
        AuthModule,
        BookingsModule,
        ReviewsModule,
      ],
      providers,
    };
  }
}
