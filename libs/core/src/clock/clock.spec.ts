import { describe, expect, it } from '@jest/globals';
import { SystemClock, TestClock } from './clock';

describe('clocks', () => {
  it('the test clock stands still until moved', () => {
    const clock = new TestClock('2030-05-01T10:00:00Z');
    expect(clock.now().toISOString()).toBe('2030-05-01T10:00:00.000Z');
    clock.advance(36 * 3600 * 1000);
    expect(clock.now().toISOString()).toBe('2030-05-02T22:00:00.000Z');
    clock.set('2031-01-01T00:00:00Z');
    expect(clock.now().getUTCFullYear()).toBe(2031);
  });

  it('the system clock tells the real time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
