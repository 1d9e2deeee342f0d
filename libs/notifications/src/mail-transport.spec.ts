import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { AppConfig } from '@app/core';
import { Logger } from '@nestjs/common';
import type { DevMailbox } from './dev-mailbox.service';
import { createMailTransport, type OutgoingMail } from './mail-transport';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db' };

describe('createMailTransport', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('without SMTP_URL builds the mail and logs recipient, subject and text instead of sending', async () => {
    const lines: unknown[][] = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args);
    });
    const transport = createMailTransport(AppConfig.load(base));
    expect(transport.kind).toBe('log');
    const text = 'Open https://marketplace.test/verify?token=abc';
    const info = await transport.send({
      to: 'ada@example.test',
      subject: 'Confirm your email address',
      text,
      html: '<p>x</p>',
    });
    expect(info.messageId).toMatch(/^<.+@.+>$/);
    expect(lines).toHaveLength(1);
    expect(lines[0][0]).toEqual({
      to: 'ada@example.test',
      subject: 'Confirm your email address',
      text,
    });
    expect(String(lines[0][1])).toContain(text);
    transport.close();
  });

  it('outside production without SMTP_URL keeps the mail in the development mailbox', async () => {
    const kept: unknown[] = [];
    const mailbox = { keep: async (mail: unknown) => void kept.push(mail) } as DevMailbox;
    const transport = createMailTransport(AppConfig.load(base), mailbox);
    expect(transport.kind).toBe('mailbox');
    const mail: OutgoingMail = {
      to: 'ada@example.test',
      subject: 'Hi',
      text: 't',
      html: '<p>h</p>',
    };
    const info = await transport.send(mail);
    expect(kept).toEqual([{ ...mail, messageId: info.messageId }]);
    transport.close();
  });

  it('in production without SMTP_URL never keeps mails', () => {
    const production = AppConfig.load({
      ...base,
      NODE_ENV: 'production',
      CORS_ORIGINS: 'https://app.example.com',
      JWT_SECRET: 'k3Jx9vN2pQ7sT5wY8zB4cF6hL1mR0aDe-mail-spec',
      ADMIN_BASIC_PASSWORD: 'Vq8-operator-pass-mail-spec',
    });
    const transport = createMailTransport(production, {} as DevMailbox);
    expect(transport.kind).toBe('log');
    transport.close();
  });

  it('with SMTP_URL uses SMTP', () => {
    const transport = createMailTransport(
      AppConfig.load({ ...base, SMTP_URL: 'smtp://127.0.0.1:2525' }),
    );
    expect(transport.kind).toBe('smtp');
    transport.close();
  });
});
