import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

export type CursorValue = string | number | boolean | null;
export type CursorPayload = Readonly<Record<string, CursorValue>>;

/**
 * Cursors are opaque to clients: base64url of a small JSON object holding the
 * sort key(s) of the last row of a page (keyset paging, never OFFSET).
 */
export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor and checks it has exactly the expected keys with the
 * expected primitive types, so a tampered cursor is a 400, not a 500.
 */
export function decodeCursor<K extends string>(
  cursor: string,
  shape: Readonly<Record<K, 'string' | 'number' | 'boolean'>>,
): Record<K, string | number | boolean> {
  const invalid = () =>
    new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not valid for this list');
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
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
