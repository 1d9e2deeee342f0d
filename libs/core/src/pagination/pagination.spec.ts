import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { decodeCursor, encodeCursor, useCursorSecret } from './cursor';

/** A well-formed cursor minted under another key (another deployment's secret). */
function otherSecretCursor(): string {
  useCursorSecret('another deployment entirely, another secret');
  const cursor = encodeCursor({ createdAt: '2030-01-01T00:00:00.000Z', id: 'a1' });
  useCursorSecret('the secret of this deployment, 32+ characters');
  return cursor;
}
import { toPage } from './page';

describe('cursor', () => {
  const shape = { createdAt: 'string', id: 'string' } as const;

  it('round-trips the sort keys of the last row', () => {
    const cursor = encodeCursor({ createdAt: '2030-01-01T00:00:00.000Z', id: 'a1' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}$/);
    expect(decodeCursor(cursor, shape)).toEqual({
      createdAt: '2030-01-01T00:00:00.000Z',
      id: 'a1',
    });
  });

  /** A cursor whose payload was changed by hand, keeping the MAC of the original. */
  const tampered = (payload: object) => {
    const [, mac] = encodeCursor({ createdAt: '2030-01-01T00:00:00.000Z', id: 'a1' }).split('.');
    return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
  };

  it.each([
    ['not base64url', '***'],
    ['unsigned', Buffer.from('{"createdAt":"x","id":"a1"}').toString('base64url')],
    ['changed after signing', tampered({ createdAt: '2031-01-01T00:00:00.000Z', id: 'a1' })],
    ['signed with another secret', otherSecretCursor()],
    ['not JSON', tampered({}).replace(/^[^.]+/, Buffer.from('nope').toString('base64url'))],
    ['missing a key', encodeCursor({ id: 'a1' })],
    ['an extra key', encodeCursor({ createdAt: 'x', id: 'a1', admin: true })],
    ['a wrong type', encodeCursor({ createdAt: 5, id: 'a1' })],
  ])('rejects a cursor that is %s with INVALID_CURSOR', (_, cursor) => {
    expect(() => decodeCursor(cursor, shape)).toThrow(DomainError);
    try {
      decodeCursor(cursor, shape);
    } catch (error) {
      expect((error as DomainError).code).toBe(ErrorCode.INVALID_CURSOR);
    }
  });
});

describe('toPage', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ id: `r${n}`, n }));

  it('returns limit rows and a cursor when one more row was fetched', () => {
    const page = toPage(
      rows,
      3,
      (r) => ({ id: r.id }),
      (r) => r.n,
    );
    expect(page.data).toEqual([1, 2, 3]);
    expect(decodeCursor(page.nextCursor!, { id: 'string' })).toEqual({ id: 'r3' });
  });

  it('has no next cursor on the last page', () => {
    expect(
      toPage(
        rows,
        4,
        (r) => ({ id: r.id }),
        (r) => r.n,
      ),
    ).toEqual({ data: [1, 2, 3, 4], nextCursor: null });
    expect(
      toPage(
        [],
        4,
        () => ({}),
        (r) => r,
      ),
    ).toEqual({ data: [], nextCursor: null });
  });
});
