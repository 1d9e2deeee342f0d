import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

export type CursorValue = string | number | boolean | null;
export type CursorPayload = Readonly<Record<string, CursorValue>>;

let signingKey: Buffer = randomBytes(32);

/**
 * Sets the key cursors are signed with, derived from the app's secret, so
 * every API process accepts the others' cursors. Until it is called (unit
 * tests) the key is random per process.
 */
export function useCursorSecret(secret: string): void {
  signingKey = createHmac('sha256', secret).update('pagination-cursor').digest();
}

const macOf = (body: string): Buffer =>
  createHmac('sha256', signingKey).update(body).digest().subarray(0, 12);

/**
 * Cursors are opaque to clients: base64url of a small JSON object holding the
 * sort key(s) of the last row of a page (keyset paging, never OFFSET), then a
 * MAC of it, so a cursor changed by a client is refused.
 */
export function encodeCursor(payload: CursorPayload): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${macOf(body).toString('base64url')}`;
}

/**
 * Decodes a cursor, checks its MAC and that it has exactly the expected keys
 * with the expected primitive types: a tampered cursor is a 400, not a 500.
 */
export function decodeCursor<K extends string>(
  cursor: string,
  shape: Readonly<Record<K, 'string' | 'number' | 'boolean'>>,
): Record<K, string | number | boolean> {
  const invalid = () =>
    new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not valid for this list');
  const match = /^([A-Za-z0-9_-]{1,1000})\.([A-Za-z0-9_-]{16})$/.exec(cursor);
  if (!match) throw invalid();
  const [, body, mac] = match;
  if (!timingSafeEqual(Buffer.from(mac, 'base64url'), macOf(body))) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const record = parsed as Record<string, unknown>;
  const keys = Object.keys(shape) as K[];
  if (Object.keys(record).length !== keys.length) throw invalid();
  for (const key of keys) {
    if (typeof record[key] !== shape[key]) throw invalid();
    if (shape[key] === 'number' && !Number.isFinite(record[key])) throw invalid();
  }
  return record as Record<K, string | number | boolean>;
}
