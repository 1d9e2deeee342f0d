import { AppConfig } from '@app/core';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocalPaymentProvider } from './local-payment-provider';
import { PAYMENT_PROVIDER, type PaymentProvider } from './payment-provider';
import { StripePaymentProvider } from './stripe-payment-provider';

/** The provider PAYMENTS_PROVIDER names (the config has checked Stripe's keys are there). */
export function createPaymentProvider(config: AppConfig, dataSource: DataSource): PaymentProvider {
  const env = config.env;
  if (env.PAYMENTS_PROVIDER === 'stripe') {
    return new StripePaymentProvider({
      secretKey: env.STRIPE_SECRET_KEY!,
      publishableKey: env.STRIPE_PUBLISHABLE_KEY!,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET!,
      api: config.stripeApiEndpoint,
    });
  }
  return new LocalPaymentProvider(env.JWT_SECRET!, dataSource);
}

/** Provides PAYMENT_PROVIDER, the configured PaymentProvider. */
@Module({
  providers: [
    {
      provide: PAYMENT_PROVIDER,
      inject: [AppConfig, DataSource],
      useFactory: createPaymentProvider,
    },
  ],
  exports: [PAYMENT_PROVIDER],
})
export class PaymentsModule {}
