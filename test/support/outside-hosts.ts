/**
 * Finds what a page or asset would load from another host: URLs in
 * src/href/action attributes, CSS url(...) and @import, and JavaScript
 * import statements. Same-origin (and relative) URLs are returned separately,
 * so a crawler can follow them.
 */
export interface References {
  outside: string[];
  local: string[];
}

const ATTRIBUTE = /\b(?:src|href|action)\s*=\s*["']([^"']+)["']/gi;
const CSS_URL = /url\(\s*["']?([^"')]+)["']?\s*\)/gi;
const CSS_IMPORT = /@import\s+(?:url\()?\s*["']([^"']+)["']/gi;
const JS_IMPORT = /\bimport\s*(?:[\w*{}\s,]+from\s*)?\(?\s*["'](https?:\/\/[^"']+)["']/gi;
// A script that adds <script>/<link> tags itself names the file in a string.
const JS_ASSET_STRING = /["'`](https?:\/\/[^"'`\s]+\.(?:m?js|css|woff2?)(?:\?[^"'`\s]*)?)["'`]/gi;

// A bundle's strings mention URLs (docs links, examples) it never loads: in
// scripts only imports and asset files count; the browser test sees the rest.
const PATTERNS = {
  html: [ATTRIBUTE, CSS_URL, CSS_IMPORT, JS_IMPORT, JS_ASSET_STRING],
  css: [CSS_URL, CSS_IMPORT],
  js: [JS_IMPORT, JS_ASSET_STRING],
} as const;

export type Kind = keyof typeof PATTERNS;

export function kindOf(contentType: string): Kind | undefined {
  if (contentType.includes('html')) return 'html';
  if (contentType.includes('css')) return 'css';
  if (contentType.includes('javascript')) return 'js';
  return undefined;
}

export function references(body: string, pageUrl: string, kind: Kind): References {
  const origin = new URL(pageUrl).origin;
  // Relative URLs resolve against <base href> when the page has one (Bull Board does).
  const base = /<base\s+href=["']([^"']+)["']/i.exec(body)?.[1];
  const baseUrl = base ? new URL(base, pageUrl).href : pageUrl;
  const outside = new Set<string>();
  const local = new Set<string>();
  for (const pattern of PATTERNS[kind]) {
    for (const match of body.matchAll(pattern)) {
      const raw = match[1].trim();
      if (/^(data|blob|about|javascript|mailto):/i.test(raw) || raw.startsWith('#')) continue;
      if (raw.includes('<%') || raw.includes('${')) continue;
      let url: URL;
      try {
        url = new URL(raw, baseUrl);
      } catch {
        continue;
      }
      if (!/^https?:$/.test(url.protocol)) continue;
      if (url.origin === origin) local.add(url.pathname + url.search);
      else outside.add(url.href);
    }
  }
  return { outside: [...outside], local: [...local] };
}
