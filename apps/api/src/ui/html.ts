import type { FastifyReply } from 'fastify';

/**
 * The pages this API serves load nothing from another host and run no inline
 * script: everything comes from this origin, so they work offline.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL and React set style attributes at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface PageParts {
  title: string;
  body: string;
  scripts?: string[];
  stylesheets?: string[];
}

export function renderPage({ title, body, scripts = [], stylesheets = [] }: PageParts): string {
  const links = ['/ui/assets/pages.css', ...stylesheets]
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join('\n');
  const tags = scripts.map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${links}
${tags}
</head>
<body>
${body}
</body>
</html>
`;
}

export function sendPage(reply: FastifyReply, page: PageParts, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .send(renderPage(page));
}
