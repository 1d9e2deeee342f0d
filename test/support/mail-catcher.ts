import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './processes';

/** A real SMTP server in the test process; it can refuse a recipient once, like a greylisting server. */
export class MailCatcher {
  readonly mails: ParsedMail[] = [];
  private readonly refusals = new Map<string, number>();
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.port = await freePort();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const left = this.refusals.get(address.address) ?? 0;
        if (left > 0) {
          this.refusals.set(address.address, left - 1);
          const error = new Error('Greylisted, try again later') as Error & {
            responseCode: number;
          };
          error.responseCode = 451;
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.mails.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((done, fail) => {
      this.server!.once('error', fail);
      this.server!.listen(this.port, '127.0.0.1', () => done());
    });
  }

  refuseNextMailsTo(address: string, times = 1): void {
    this.refusals.set(address, times);
  }

  to(address: string): ParsedMail[] {
    return this.mails.filter((m) => addresses(m).includes(address));
  }

  stop(): Promise<void> {
    return new Promise((done) => (this.server ? this.server.close(() => done()) : done()));
  }
}

function addresses(mail: ParsedMail): string[] {
  const to = mail.to === undefined ? [] : Array.isArray(mail.to) ? mail.to : [mail.to];
  return to.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

/** The link a user would click: the href in the HTML part (entities decoded). */
export function linkInHtml(html: string): string | undefined {
  return /href="([^"]+)"/.exec(html)?.[1].replaceAll('&amp;', '&');
}
