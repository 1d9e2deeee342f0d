import { AppConfig } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DevMail } from './dev-mail.entity';

export interface DevMailView {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  sentAt: string;
}

export const DEV_MAILBOX_LIMIT = 100;

/**
 * Whether mails are kept in the development mailbox: outside production,
 * when no SMTP server is configured. Production never keeps nor shows them.
 */
export function devMailboxEnabled(config: AppConfig): boolean {
  return !config.isProduction && !config.env.SMTP_URL;
}

const toView = (mail: DevMail): DevMailView => ({
  id: mail.id,
  to: mail.recipient,
  subject: mail.subject,
  text: mail.text,
  html: mail.html,
  messageId: mail.messageId,
  sentAt: mail.createdAt.toISOString(),
});

/** The development mailbox's store: the worker writes, the API's pages read. */
@Injectable()
export class DevMailbox {
  constructor(@InjectRepository(DevMail) private readonly mails: Repository<DevMail>) {}

  async keep(mail: Omit<DevMailView, 'id' | 'sentAt'>): Promise<void> {
    await this.mails.insert({
      recipient: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    });
  }

  /** The newest mails first, optionally only those to one address (case-insensitive). */
  async list(filter: { to?: string; limit?: number } = {}): Promise<DevMailView[]> {
    const query = this.mails
      .createQueryBuilder('mail')
      .orderBy('mail.createdAt', 'DESC')
      .addOrderBy('mail.id', 'DESC')
      .limit(Math.min(filter.limit ?? DEV_MAILBOX_LIMIT, DEV_MAILBOX_LIMIT));
    if (filter.to) query.where('lower(mail.recipient) = lower(:to)', { to: filter.to });
    return (await query.getMany()).map(toView);
  }

  async find(id: string): Promise<DevMailView | undefined> {
    const mail = await this.mails.findOneBy({ id });
    return mail ? toView(mail) : undefined;
  }
}
