import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { decodeCursor, encodeCursor } from './cursor';
import { toPage } from './page';

describe('cursor', () => {
  const shape = { createdAt: 'string', id: 'string' } as const;

  it('round-trips the sort keys of the last row', () => {
    const cursor = encodeCursor({ createdAt: '2030-01-01T00:00:00.000Z', id: 'a1' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, shape)).toEqual({
      createdAt: '2030-01-01T00:00:00.000Z',
      id: 'a1',
    });
  });

  it.each([
    ['not base64url', '***'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['an array', encodeCursor({}).replace(/.*/, Buffer.from('[1]').toString('base64url'))],
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
