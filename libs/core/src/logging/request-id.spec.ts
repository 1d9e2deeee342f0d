import { describe, expect, it } from '@jest/globals';
import { requestIdFrom } from './request-id';

describe('requestIdFrom', () => {
  it('keeps a well-formed caller id', () => {
    expect(requestIdFrom('req-123_abc.def:1')).toBe('req-123_abc.def:1');
    expect(requestIdFrom(['first-id', 'second'])).toBe('first-id');
  });

  it('replaces missing, oversized or log-injecting ids with a UUID', () => {
    for (const bad of [undefined, '', 'has space', 'line\nbreak', 'x'.repeat(129)]) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
