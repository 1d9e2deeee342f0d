import { AppConfig } from '@app/core';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DevMail } from './dev-mail.entity';
import { DevMailbox } from './dev-mailbox.service';
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
  imports: [TypeOrmModule.forFeature([OutboxMessage, DevMail])],
  providers: [
    EmailTemplates,
    DevMailbox,
    { provide: MAIL_TRANSPORT, inject: [AppConfig, DevMailbox], useFactory: createMailTransport },
    MailSender,
    NotificationOutbox,
    OutboxDelivery,
  ],
  exports: [NotificationOutbox, OutboxDelivery, MailSender, EmailTemplates, DevMailbox],
})
export class NotificationsModule {}
