import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMAIL_TEMPLATE_NAMES, type EmailTemplateName } from './email-template-name';
import { renderPlaceholders } from './placeholder-renderer';
import { defaultTemplatesDir } from './templates-dir';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface TemplateFiles {
  subject: string;
  text: string;
  html: string;
}

/**
 * The email templates, read once when the process starts (a missing file
 * fails the start, not a user's email) and rendered with `{{variable}}`s.
 */
@Injectable()
export class EmailTemplates {
  private readonly templates: ReadonlyMap<EmailTemplateName, TemplateFiles>;

  constructor() {
    this.templates = loadTemplates(defaultTemplatesDir());
  }

  render(name: EmailTemplateName, data: Readonly<Record<string, string>>): RenderedEmail {
    const files = this.templates.get(name);
    if (!files) throw new Error(`Unknown email template: ${name}`);
    return {
      // A subject is one line; the file's trailing newline is not part of it.
      subject: renderPlaceholders(files.subject, data, { label: `${name}/subject.txt` }).trim(),
      text: renderPlaceholders(files.text, data, { label: `${name}/body.txt` }),
      html: renderPlaceholders(files.html, data, { html: true, label: `${name}/body.html` }),
    };
  }
}

export function loadTemplates(dir: string): Map<EmailTemplateName, TemplateFiles> {
  const read = (name: string, file: string) => readFileSync(join(dir, name, file), 'utf8');
  return new Map(
    EMAIL_TEMPLATE_NAMES.map((name) => [
      name,
      {
        subject: read(name, 'subject.txt'),
        text: read(name, 'body.txt'),
        html: read(name, 'body.html'),
      },
    ]),
  );
}
