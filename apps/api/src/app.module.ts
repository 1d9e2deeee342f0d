import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfig, CoreModule, type CoreModuleOptions } from '@app/core';
import { AdminApiModule } from './admin/admin-api.module';
import { AuthApiModule } from './auth/auth-api.module';
import { BookingsApiModule } from './bookings/bookings-api.module';
import { ApiGraphqlModule } from './graphql/graphql.module';
import { HealthModule } from './health/health.module';
import { ListingsApiModule } from './listings/listings-api.module';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { ReviewsApiModule } from './reviews/reviews-api.module';
import { MetricsModule } from './metrics/metrics.module';
import { PaymentsApiModule } from './payments/payments-api.module';
import { SystemController } from './system/system.controller';
import { UiModule } from './ui/ui.module';

export interface ApiModuleOptions extends CoreModuleOptions {
  /** Extra modules (tests mount probe routes this way). */
  extraModules?: Type[];
}

/** The HTTP process: REST controllers, GraphQL, health and metrics (Swagger and Bull Board are mounted by the factory). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, options),
        HealthModule,
        MetricsModule,
        ApiGraphqlModule,
        AuthApiModule,
        AdminApiModule,
        ListingsApiModule,
        BookingsApiModule,
        PaymentsApiModule,
        ReviewsApiModule,
        UiModule.forRoot(config),
        ...(options.extraModules ?? []),
      ],
      controllers: [SystemController],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
