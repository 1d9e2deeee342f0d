import { describe, expect, it } from '@jest/globals';
import { EMAIL_TEMPLATE_NAMES, EMAIL_TEMPLATE_VARIABLES } from './email-template-name';
import { EmailTemplates, loadTemplates } from './email-templates';
import { placeholdersIn, TemplateVariableError } from './placeholder-renderer';
import { defaultTemplatesDir } from './templates-dir';

describe('email templates (the real files)', () => {
  const files = loadTemplates(defaultTemplatesDir());

  it.each(EMAIL_TEMPLATE_NAMES)('%s uses exactly its declared variables', (name) => {
    const { subject, text, html } = files.get(name)!;
    const used = new Set([subject, text, html].flatMap(placeholdersIn));
    expect([...used].sort()).toEqual([...EMAIL_TEMPLATE_VARIABLES[name]].sort());
    expect(subject.trim()).not.toContain('\n');
  });

  it('renders a subject, a text part and an HTML part with escaped values', () => {
    const templates = new EmailTemplates();
    const link = 'https://example.test/verify?token=a&b=<c>';
    const mail = templates.render('verify-email', { firstName: 'Ada', link });
    expect(mail.subject).toBe('Confirm your email address');
    expect(mail.text).toContain(`Hi Ada,`);
    expect(mail.text).toContain(link);
    expect(mail.html).toContain('href="https://example.test/verify?token=a&amp;b=&lt;c&gt;"');
  });

  it('refuses to render with a missing variable', () => {
    expect(() => new EmailTemplates().render('password-reset', { firstName: 'Ada' })).toThrow(
      TemplateVariableError,
    );
  });
});
