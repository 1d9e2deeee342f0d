import { AppConfig } from '@app/core';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailTemplates } from './email-templates';
import { MailSender } from './mail-sender.service';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport';
import { NotificationOutbox } from './notification-outbox.service';
import { OutboxDelivery } from './outbox-delivery.service';
import { OutboxMessage } from './outbox-message.entity';

/**
 * Email notifications through an outbox. Services use NotificationOutbox;
 * the worker uses OutboxDelivery (and so MailSender and the transport).
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [
    EmailTemplates,
    { provide: MAIL_TRANSPORT, inject: [AppConfig], useFactory: createMailTransport },
    MailSender,
    NotificationOutbox,
    OutboxDelivery,
  ],
  exports: [NotificationOutbox, OutboxDelivery, MailSender, EmailTemplates],
})
export class NotificationsModule {}
