import { request as httpRequest } from 'node:http';

const hex = (char: string, upper = true) => {
  const code = char.charCodeAt(0).toString(16);
  return `%${upper ? code.toUpperCase() : code}`;
};
const segmentsOf = (path: string) => path.split('/').slice(1);
const join = (segments: string[]) => `/${segments.join('/')}`;
/** Applies `f` to segment `i` (negative counts from the end). */
const mapSegment = (path: string, i: number, f: (s: string) => string) => {
  const segments = segmentsOf(path);
  const at = i < 0 ? segments.length + i : i;
  if (at < 0 || at >= segments.length || segments[at] === '') return path;
  segments[at] = f(segments[at]);
  return join(segments);
};

/**
 * Spellings a normalising router, proxy or browser may read as the same path; the
 * guard must answer each of them without letting the request through.
 */
export function spellings(path: string): { how: string; path: string }[] {
  const n = segmentsOf(path).length;
  const out: { how: string; path: string }[] = [{ how: 'as is', path }];
  const add = (how: string, spelled: string) => {
    if (spelled !== path) out.push({ how, path: spelled });
  };
  for (let i = 0; i < n; i++) {
    add(
      `seg ${i}: first letter encoded`,
      mapSegment(path, i, (s) => hex(s[0]) + s.slice(1)),
    );
    add(
      `seg ${i}: second letter encoded, lower-case hex`,
      mapSegment(path, i, (s) => (s.length > 1 ? s[0] + hex(s[1], false) + s.slice(2) : s)),
    );
    add(
      `seg ${i}: every letter encoded`,
      mapSegment(path, i, (s) => [...s].map((c) => hex(c)).join('')),
    );
    add(
      `seg ${i}: double encoded`,
      mapSegment(path, i, (s) => `%25${s.charCodeAt(0).toString(16)}${s.slice(1)}`),
    );
    add(
      `seg ${i}: upper case`,
      mapSegment(path, i, (s) => s.toUpperCase()),
    );
    add(
      `seg ${i}: capitalised`,
      mapSegment(path, i, (s) => s[0].toUpperCase() + s.slice(1)),
    );
    add(
      `seg ${i}: ;parameter`,
      mapSegment(path, i, (s) => `${s};x=1`),
    );
    add(
      `seg ${i}: trailing ;`,
      mapSegment(path, i, (s) => `${s};`),
    );
    add(
      `seg ${i}: encoded ;`,
      mapSegment(path, i, (s) => `${s}%3Bx`),
    );
    add(
      `seg ${i}: . before`,
      mapSegment(path, i, (s) => `./${s}`),
    );
    add(
      `seg ${i}: %2e before`,
      mapSegment(path, i, (s) => `%2e/${s}`),
    );
    add(
      `seg ${i}: x/.. before`,
      mapSegment(path, i, (s) => `x/../${s}`),
    );
    add(
      `seg ${i}: %2e%2e before`,
      mapSegment(path, i, (s) => `x/%2e%2e/${s}`),
    );
    add(
      `seg ${i}: doubled slash before`,
      mapSegment(path, i, (s) => `/${s}`),
    );
    add(
      `seg ${i}: backslash before`,
      mapSegment(path, i, (s) => `%5C${s}`),
    );
    if (i > 0) {
      const segments = segmentsOf(path);
      add(
        `slash ${i} encoded %2F`,
        `/${segments.slice(0, i).join('/')}%2F${segments.slice(i).join('/')}`,
      );
      add(
        `slash ${i} encoded %2f`,
        `/${segments.slice(0, i).join('/')}%2f${segments.slice(i).join('/')}`,
      );
      add(
        `slash ${i} double encoded`,
        `/${segments.slice(0, i).join('/')}%252F${segments.slice(i).join('/')}`,
      );
    }
  }
  add('trailing slash', `${path}/`);
  add('trailing /.', `${path}/.`);
  add('trailing double slash', `${path}//`);
  add('leading double slash', `/${path}`);
  add('query repeating the path', `${path}?${path}`);
  add('query with the path as a value', `${path}?next=${path}`);
  add('fragment-like encoded #', `${path}%23${path}`);
  add('encoded ? then the path', `${path}%3F${path}`);
  return out;
}

/** One raw request: node:http sends `path` byte for byte (no normalisation, unlike fetch). */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  authorization?: string,
): Promise<{ status: number; body: string }> {
  const url = new URL(baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(authorization ? { authorization } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
