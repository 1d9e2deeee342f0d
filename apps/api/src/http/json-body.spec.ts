import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { jsonDepthExceeds } from './json-body';

/** Nesting of a parsed value: what the scan must agree with. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Object.values(value as object);
  return 1 + (children.length ? Math.max(...children.map(depthOf)) : 0);
}

describe('jsonDepthExceeds', () => {
  it('agrees with the depth of the parsed value, strings with brackets and escapes included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        const text = JSON.stringify(value);
        expect(jsonDepthExceeds(text, limit)).toBe(depthOf(JSON.parse(text)) > limit);
      }),
      { seed: 20261204, numRuns: 500 },
    );
  });

  it('stops at the limit on a 5,000-level body', () => {
    expect(jsonDepthExceeds('['.repeat(5000) + ']'.repeat(5000), 32)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[\\"[[["}', 1)).toBe(false);
  });
});
