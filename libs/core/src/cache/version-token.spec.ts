import { describe, expect, it } from '@jest/globals';
import { versionTokenAgeMs } from './app-cache';

describe('versionTokenAgeMs', () => {
  const now = Date.UTC(2031, 0, 1);

  it('is the time since the write that made the token', () => {
    const token = `${(now - 1500).toString(36)}.0d3c2a9e-4a7f-4c36-9a51-2c9f1f1d6b11`;
    expect(versionTokenAgeMs(token, now)).toBe(1500);
  });

  it('is Infinity when no write is known: a token made before any write, or an older plain UUID', () => {
    expect(versionTokenAgeMs('0.0d3c2a9e-4a7f-4c36-9a51-2c9f1f1d6b11', now)).toBe(Infinity);
    expect(versionTokenAgeMs('0d3c2a9e-4a7f-4c36-9a51-2c9f1f1d6b11', now)).toBe(Infinity);
    expect(versionTokenAgeMs('', now)).toBe(Infinity);
  });

  it('is never negative when clocks of two processes disagree', () => {
    expect(versionTokenAgeMs(`${(now + 50).toString(36)}.x`, now)).toBe(0);
  });
});
