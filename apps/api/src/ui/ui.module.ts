import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { devMailboxEnabled, NotificationsModule } from '@app/notifications';
import { ApiIndexController } from './api-index.controller';
import { DevMailsController } from './dev-mails.controller';

/** The API index, and the development mailbox's JSON route when the mailbox is on. */
@Module({})
export class UiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: UiModule,
      imports: [NotificationsModule],
      controllers: [ApiIndexController, ...(devMailboxEnabled(config) ? [DevMailsController] : [])],
    };
  }
}
