import { describe, expect, it } from '@jest/globals';
import { formatDeadline, isWindowOpen, reviewWindowOf } from './review-window';

describe('review window', () => {
  const completedAt = new Date('2030-03-01T10:00:00.000Z');
  const window = reviewWindowOf(completedAt);

  it('opens at completion, closes 14 days later, reminds 3 days before the close', () => {
    expect(window.opensAt.toISOString()).toBe('2030-03-01T10:00:00.000Z');
    expect(window.closesAt.toISOString()).toBe('2030-03-15T10:00:00.000Z');
    expect(window.closingReminderAt.toISOString()).toBe('2030-03-12T10:00:00.000Z');
  });

  it('is open from its first instant up to, not including, the close', () => {
    expect(isWindowOpen(window, new Date('2030-03-01T09:59:59.999Z'))).toBe(false);
    expect(isWindowOpen(window, completedAt)).toBe(true);
    expect(isWindowOpen(window, new Date('2030-03-15T09:59:59.999Z'))).toBe(true);
    expect(isWindowOpen(window, new Date('2030-03-15T10:00:00.000Z'))).toBe(false);
  });

  it('writes deadlines in UTC to the minute', () => {
    expect(formatDeadline(window.closesAt)).toBe('2030-03-15 10:00 UTC');
  });
});
