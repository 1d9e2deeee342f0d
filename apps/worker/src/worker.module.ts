import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig, CoreModule, type CoreModuleOptions } from '@app/core';
import { SystemProcessor } from './system/system.processor';

/** The worker process: the shared libs and the queue processors, no HTTP or GraphQL. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: CoreModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, options), DiscoveryModule],
      providers: [SystemProcessor],
    };
  }
}
