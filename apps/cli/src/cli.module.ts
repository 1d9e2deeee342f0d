import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, CoreModule } from '@app/core';
import { AuthModule } from '@app/auth';
import { ReviewsModule } from '@app/reviews';
import { DemoSeed } from './commands/demo-seed';

/** What the command line needs: the domain services, no HTTP stack and no processors. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        CoreModule.forRoot(config, { databaseConnectAttempts: 1 }),
        AuthModule,
        ReviewsModule,
      ],
      providers: [DemoSeed],
    };
  }
}
