import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { json, startApi, type RunningApi } from './support/api-server';
import { testConfig } from './support/test-env';

const PROBLEM = /^application\/problem\+json/;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as written (no client-side normalisation) and reads the whole answer. */
function raw(baseUrl: string, request: string): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      let body = rest.join('\r\n\r\n');
      if (headers['transfer-encoding'] === 'chunked') {
        // One JSON document: join the chunks' payloads.
        let out = '';
        let restBody = body;
        for (;;) {
          const eol = restBody.indexOf('\r\n');
          const size = parseInt(restBody.slice(0, eol), 16);
          if (!size) break;
          out += restBody.slice(eol + 2, eol + 2 + size);
          restBody = restBody.slice(eol + 2 + size + 2);
        }
        body = out;
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(request);
  });
}

function httpRequest(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'host: localhost', 'connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body || method === 'POST') lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

describe('hostile input: every answer is problem+json with a code, never a 500', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi(
      await testConfig({ BODY_LIMIT_BYTES: '65536', RATE_LIMIT_PER_MINUTE: '0' }),
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  const LOGIN = '/api/v1/auth/login';
  const credentials = JSON.stringify({ email: 'nobody@example.com', password: 'x'.repeat(12) });

  // [name, raw request, status, code, a word the detail must contain]
  const table: [string, () => string, number, string, RegExp][] = [
    [
      'URL over the header size limit',
      () => httpRequest('GET', `/api/v1/listings?city=${'a'.repeat(20_000)}`),
      431,
      'HEADERS_TOO_LARGE',
      /URL or the request headers are larger/,
    ],
    [
      'one header over the size limit',
      () => httpRequest('GET', '/api/v1/listings', { 'x-filler': 'b'.repeat(20_000) }),
      431,
      'HEADERS_TOO_LARGE',
      /larger than this API accepts/,
    ],
    [
      'a body over the limit',
      () =>
        httpRequest(
          'POST',
          LOGIN,
          { 'content-type': 'application/json' },
          JSON.stringify({ email: 'a'.repeat(70_000) }),
        ),
      413,
      'PAYLOAD_TOO_LARGE',
      /larger than this API accepts/,
    ],
    [
      'a text/plain body on a JSON route',
      () => httpRequest('POST', LOGIN, { 'content-type': 'text/plain' }, credentials),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /application\/json/,
    ],
    [
      'a form-encoded body on a JSON route',
      () =>
        httpRequest(
          'POST',
          LOGIN,
          { 'content-type': 'application/x-www-form-urlencoded' },
          'email=a%40b.c&password=xxxxxxxxxxxx',
        ),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /application\/json/,
    ],
    [
      'malformed JSON',
      () => httpRequest('POST', LOGIN, { 'content-type': 'application/json' }, '{"email": '),
      400,
      'MALFORMED_JSON',
      /not valid JSON/,
    ],
    [
      'an empty JSON body',
      () => httpRequest('POST', LOGIN, { 'content-type': 'application/json' }, ''),
      400,
      'MALFORMED_JSON',
      /body is empty/,
    ],
    [
      'a JSON body nested 5,000 levels deep',
      () => httpRequest('POST', LOGIN, { 'content-type': 'application/json' }, nested(5000)),
      400,
      'BODY_TOO_DEEP',
      /nested more than 32 levels/,
    ],
    [
      'an unknown route',
      () => httpRequest('GET', '/api/v1/nothing-here'),
      404,
      'ROUTE_NOT_FOUND',
      /./,
    ],
    [
      'a method no route has',
      () => httpRequest('DELETE', '/api/v1/auth/login'),
      404,
      'ROUTE_NOT_FOUND',
      /./,
    ],
    [
      'a badly percent-encoded URL',
      () => httpRequest('GET', '/api/v1/listings/%E0%A4%A'),
      400,
      'BAD_REQUEST',
      /not correctly encoded/,
    ],
    [
      'a request line that is not HTTP',
      () => 'HELLO WORLD\r\n\r\n',
      400,
      'BAD_REQUEST',
      /not valid HTTP/,
    ],
  ];

  it.each(table)(
    '%s -> problem+json with its code',
    async (_name, request, status, code, detail) => {
      const res = await raw(api.baseUrl, request());
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      const body = JSON.parse(res.body) as Record<string, unknown>;
      expect(body).toMatchObject({ status, code });
      expect(body.detail).toMatch(detail);
      expect(body.requestId).toEqual(expect.any(String));
      expect(res.headers['x-request-id']).toBe(body.requestId);
    },
  );

  const CITY_QUERY =
    'query($c: String) { listings(filter: { city: $c }) { pageInfo { hasNextPage } } }';
  it.each([
    [
      'POST, 5,000 levels',
      () =>
        httpRequest(
          'POST',
          '/graphql',
          { 'content-type': 'application/json' },
          `{"query":${JSON.stringify(CITY_QUERY)},"variables":{"c":${nested(5000)}}}`,
        ),
    ],
    [
      'GET, 1,000 levels',
      () =>
        httpRequest(
          'GET',
          `/graphql?query=${encodeURIComponent(CITY_QUERY)}&variables=${encodeURIComponent(`{"c":${nested(1000)}}`)}`,
        ),
    ],
  ])(
    'GraphQL variables nested too deep (%s) -> 400 BODY_TOO_DEEP as a GraphQL error',
    async (_name, request) => {
      const res = await raw(api.baseUrl, request());
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({
        data: null,
        errors: [
          {
            message: expect.stringMatching(/nested more than 32 levels/),
            extensions: { code: 'BODY_TOO_DEEP', requestId: expect.any(String) },
          },
        ],
      });
    },
  );

  it('a JSON body 32 levels deep is still read (the limit is not off by one)', async () => {
    const res = await api.request(LOGIN, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"email":${nested(31)},"password":"xxxxxxxxxxxx"}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('brackets inside strings do not count as nesting', async () => {
    const res = await api.request(
      LOGIN,
      json({ email: '['.repeat(100), password: 'x'.repeat(12) }),
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});
