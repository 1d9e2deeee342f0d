/**
 * Every email the system can send, with the variables its files use. Each
 * name is a directory under `templates/` holding subject.txt, body.txt and
 * body.html; a spec checks the files against this list.
 */
export const EMAIL_TEMPLATE_VARIABLES = {
  'verify-email': ['firstName', 'link'],
  'password-reset': ['firstName', 'link'],
  'password-changed': ['firstName'],
} as const satisfies Record<string, readonly string[]>;

export type EmailTemplateName = keyof typeof EMAIL_TEMPLATE_VARIABLES;

export const EMAIL_TEMPLATE_NAMES = Object.keys(EMAIL_TEMPLATE_VARIABLES) as EmailTemplateName[];

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(EMAIL_TEMPLATE_VARIABLES, name);
}
