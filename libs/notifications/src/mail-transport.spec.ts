import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { AppConfig } from '@app/core';
import { Logger } from '@nestjs/common';
import { createMailTransport } from './mail-transport';

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

  it('with SMTP_URL uses SMTP', () => {
    const transport = createMailTransport(
      AppConfig.load({ ...base, SMTP_URL: 'smtp://127.0.0.1:2525' }),
    );
    expect(transport.kind).toBe('smtp');
    transport.close();
  });
});
