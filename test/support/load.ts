import { request } from 'node:http';

export type Outcome =
  | { kind: 'response'; status: number; body: string }
  /** The connection was refused: the server was no longer listening, nothing was accepted. */
  | { kind: 'refused' }
  /** The connection broke before a response: accepted or not, only the server's effects tell. */
  | { kind: 'broken'; error: string };

export interface Sent {
  payload: Record<string, unknown>;
  startedAt: number;
  finishedAt?: number;
  outcome?: Outcome;
}

/**
 * One request on its own connection (no keep-alive), so a refused connection
 * means the request never reached the server and a closing server never
 * drops an idle pooled socket under a request. A POST of `payload` as JSON,
 * or a GET when there is none.
 */
export function requestOnce(url: string, payload?: Record<string, unknown>): Promise<Outcome> {
  return new Promise((resolve) => {
    const body = payload ? JSON.stringify(payload) : '';
    const req = request(
      url,
      {
        method: payload ? 'POST' : 'GET',
        agent: false,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
          : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0, body: text }));
        res.on('error', (error) => resolve({ kind: 'broken', error: String(error) }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ECONNREFUSED'
          ? { kind: 'refused' }
          : { kind: 'broken', error: String(error) },
      ),
    );
    req.end(body);
  });
}

export interface Load {
  sent: Sent[];
  /** Requests sent and not yet answered. */
  inFlight(): Sent[];
  /** Resolves when every client has stopped. */
  done: Promise<Sent[]>;
}

/**
 * `clients` loops posting `payload(n)` (or, with no `payload`, sending GETs)
 * to 127.0.0.1 until the server refuses connections or `maxMs` passes (a
 * bounded load, never aimed elsewhere).
 */
export function startLoad(
  url: string,
  clients: number,
  payload: ((n: number) => Record<string, unknown>) | undefined,
  maxMs: number,
): Load {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error('load goes to 127.0.0.1 only');
  const sent: Sent[] = [];
  const deadline = Date.now() + maxMs;
  let n = 0;
  const loop = async () => {
    while (Date.now() < deadline) {
      const entry: Sent = { payload: payload?.(n++) ?? {}, startedAt: Date.now() };
      sent.push(entry);
      entry.outcome = await requestOnce(url, payload ? entry.payload : undefined);
      entry.finishedAt = Date.now();
      if (entry.outcome.kind === 'refused') return;
    }
  };
  return {
    sent,
    inFlight: () => sent.filter((s) => !s.outcome),
    done: Promise.all(Array.from({ length: clients }, loop)).then(() => sent),
  };
}
