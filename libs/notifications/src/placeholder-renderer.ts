/**
 * `{{name}}` substitution, nothing more: templates are plain text and HTML
 * files, so a logic-less renderer is enough and cannot run template code.
 * A placeholder with no value throws, so a typo never sends a broken email.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export class TemplateVariableError extends Error {
  constructor(
    readonly variable: string,
    readonly templateLabel: string,
  ) {
    super(`Template ${templateLabel} uses {{${variable}}}, which has no value`);
    this.name = 'TemplateVariableError';
  }
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

export interface RenderOptions {
  /** Escape values for HTML (body.html); text parts and subjects are not escaped. */
  html?: boolean;
  /** Names the template in error messages. */
  label?: string;
}

export function renderPlaceholders(
  source: string,
  data: Readonly<Record<string, string>>,
  options: RenderOptions = {},
): string {
  return source.replace(PLACEHOLDER, (_match, name: string) => {
    // Own properties only: `{{constructor}}` must not render Object's prototype.
    const value = Object.hasOwn(data, name) ? data[name] : undefined;
    if (typeof value !== 'string') throw new TemplateVariableError(name, options.label ?? 'text');
    return options.html ? escapeHtml(value) : value;
  });
}

/** The variables a template source uses, for checks at load time and in tests. */
export function placeholdersIn(source: string): string[] {
  return [...new Set([...source.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}
