import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { BookingsModule } from '@app/bookings';
import { PaymentJobs, PaymentsModule, PaymentWebhooks } from '@app/payments';
import { PaymentsOperatorController } from './payments-operator.controller';
import { PayoutsController } from './payouts.controller';
import { PayoutsResolver } from './payouts.resolver';
import { StripeWebhooksController } from './stripe-webhooks.controller';

/** Webhooks, host payouts (REST and GraphQL) and the operators' reconcile trigger. */
@Module({
  imports: [BookingsModule, PaymentsModule, AuthModule],
  controllers: [StripeWebhooksController, PayoutsController, PaymentsOperatorController],
  providers: [PaymentWebhooks, PaymentJobs, PayoutsResolver],
})
export class PaymentsApiModule {}
