import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { EmailTemplateName } from './email-template-name';
import { EmailTemplates, type RenderedEmail } from './email-templates';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport';

export interface EmailToSend {
  to: string;
  template: EmailTemplateName;
  data: Readonly<Record<string, string>>;
  messageId?: string;
}

/** Renders a template and hands the result to the configured transport. */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  constructor(
    private readonly templates: EmailTemplates,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  /** Throws TemplateVariableError before anything is sent when data does not fit the template. */
  render(email: EmailToSend): RenderedEmail {
    return this.templates.render(email.template, email.data);
  }

  async send(email: EmailToSend, rendered = this.render(email)): Promise<{ messageId: string }> {
    return this.transport.send({ to: email.to, messageId: email.messageId, ...rendered });
  }

  /** In the last shutdown phase, after the jobs that send mail have finished. */
  onApplicationShutdown(): void {
    this.transport.close();
  }
}
