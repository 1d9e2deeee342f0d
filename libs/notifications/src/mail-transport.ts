import type { AppConfig } from '@app/core';
import { Logger } from '@nestjs/common';
import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Lets the receiving side (and our logs) tie a mail to its outbox row. */
  messageId?: string;
}

/** Where rendered mails go: an SMTP server, or the log when there is none. */
export interface MailTransport {
  readonly kind: 'smtp' | 'log';
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/**
 * SMTP from `SMTP_URL` (any server: Mailpit in docker compose, a provider in
 * production). Without it, nodemailer's JSON transport builds the message but
 * sends nothing, and one log line shows the text body, so someone running
 * `npm start` can still click the verification link.
 */
export function createMailTransport(config: AppConfig): MailTransport {
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
