import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ListingsModule } from '@app/listings';
import { NotificationsModule } from '@app/notifications';
import {
  Payment,
  PaymentEvent,
  PaymentJobs,
  PaymentsModule,
  Payout,
  PayoutAccount,
  RefundRecord,
} from '@app/payments';
import { BookingEmails } from './booking-emails';
import { BookingEvents } from './booking-events';
import { BookingJobs } from './booking-jobs';
import { BookingLifecycle } from './booking-lifecycle.service';
import { BookingPayouts } from './booking-payouts.service';
import { Booking } from './booking.entity';
import { BookingsService } from './bookings.service';
import { IdempotentRequests } from './idempotent-requests';
import { PaymentEventApplier } from './payment-event-applier';
import { PaymentReconciliation } from './payment-reconciliation.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Booking, Payment, RefundRecord, Payout, PayoutAccount, PaymentEvent]),
    ListingsModule,
    NotificationsModule,
    PaymentsModule,
  ],
  providers: [
    BookingsService,
    BookingLifecycle,
    BookingJobs,
    BookingEmails,
    BookingEvents,
    IdempotentRequests,
    BookingPayouts,
    PaymentJobs,
    PaymentEventApplier,
    PaymentReconciliation,
  ],
  exports: [
    BookingsService,
    BookingLifecycle,
    IdempotentRequests,
    BookingPayouts,
    PaymentEventApplier,
    PaymentReconciliation,
  ],
})
export class BookingsModule {}
