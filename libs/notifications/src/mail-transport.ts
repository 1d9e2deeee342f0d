import type { AppConfig } from '@app/core';
import { Logger } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { devMailboxEnabled, type DevMailbox } from './dev-mailbox.service';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Lets the receiving side (and our logs) tie a mail to its outbox row. */
  messageId?: string;
}

/** Where rendered mails go: an SMTP server, the development mailbox, or the log. */
export interface MailTransport {
  readonly kind: 'smtp' | 'mailbox' | 'log';
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/**
 * SMTP from `SMTP_URL` (any server: Mailpit in docker compose, a provider in
 * production). Without it, nodemailer's JSON transport builds the message but
 * sends nothing: outside production the mail is kept in the development
 * mailbox (shown at /dev/mailbox, so someone running `npm start` can click
 * the verification link); in production one log line records it.
 */
export function createMailTransport(config: AppConfig, mailbox?: DevMailbox): MailTransport {
  const from = config.env.MAIL_FROM;
  const smtpUrl = config.env.SMTP_URL;
  if (smtpUrl) {
    const smtp = createTransport(smtpUrl);
    return {
      kind: 'smtp',
      send: async (mail) => {
        const info = await smtp.sendMail({ from, ...mail });
        return { messageId: info.messageId };
      },
      close: () => smtp.close(),
    };
  }
  const json = createTransport({ jsonTransport: true });
  if (mailbox && devMailboxEnabled(config)) {
    return {
      kind: 'mailbox',
      send: async (mail) => {
        const info = await json.sendMail({ from, ...mail });
        await mailbox.keep({ ...mail, messageId: info.messageId });
        return { messageId: info.messageId };
      },
      close: () => json.close(),
    };
  }
  const logger = new Logger('Mail');
  return {
    kind: 'log',
    send: async (mail) => {
      const info = await json.sendMail({ from, ...mail });
      logger.log(
        { to: mail.to, subject: mail.subject, text: mail.text },
        `Mail to ${mail.to} (no SMTP_URL: not sent): ${mail.subject}\n${mail.text}`,
      );
      return { messageId: info.messageId };
    },
    close: () => json.close(),
  };
}
