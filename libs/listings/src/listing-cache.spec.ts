import { describe, expect, it } from '@jest/globals';
import { etagOf, stableJson } from './listing-cache';

describe('cache keys and ETags', () => {
  it('equal queries give equal keys whatever the key order; undefined members are ignored', () => {
    expect(stableJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe(
      stableJson({ a: [1, { d: 2 }], b: 1 }),
    );
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: '1' }));
  });

  it('the ETag changes with the body', () => {
    expect(etagOf({ a: 1 })).toBe(etagOf({ a: 1 }));
    expect(etagOf({ a: 1 })).not.toBe(etagOf({ a: 2 }));
    expect(etagOf({ a: 1 })).toMatch(/^"[\w-]+"$/);
  });
});
