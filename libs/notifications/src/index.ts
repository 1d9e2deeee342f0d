export * from './notifications.module';
export { NotificationOutbox, type EmailMessage } from './notification-outbox.service';
export {
  OutboxDelivery,
  PermanentDeliveryError,
  type DeliveryAttempt,
  type DeliveryResult,
} from './outbox-delivery.service';
export { MailSender, type EmailToSend } from './mail-sender.service';
export { EmailTemplates, type RenderedEmail } from './email-templates';
export {
  EMAIL_TEMPLATE_NAMES,
  EMAIL_TEMPLATE_VARIABLES,
  type EmailTemplateName,
} from './email-template-name';
export { TemplateVariableError } from './placeholder-renderer';
export * from './notification-jobs';
export {
  DevMailbox,
  devMailboxEnabled,
  DEV_MAILBOX_LIMIT,
  type DevMailView,
} from './dev-mailbox.service';
