/** How long after a stay is completed both sides may review it. */
export const REVIEW_WINDOW_DAYS = 14;
/** The second reminder goes out this long before the window closes. */
export const CLOSING_REMINDER_DAYS = 3;

const DAY_MS = 24 * 3600 * 1000;

export interface ReviewWindowTimes {
  opensAt: Date;
  closesAt: Date;
  closingReminderAt: Date;
}

/** The review window of a stay completed at `completedAt`: [opensAt, closesAt). */
export function reviewWindowOf(completedAt: Date): ReviewWindowTimes {
  const closesAt = new Date(completedAt.getTime() + REVIEW_WINDOW_DAYS * DAY_MS);
  return {
    opensAt: new Date(completedAt.getTime()),
    closesAt,
    closingReminderAt: new Date(closesAt.getTime() - CLOSING_REMINDER_DAYS * DAY_MS),
  };
}

/** True while a review may be written: from completion up to (not including) the close. */
export function isWindowOpen(window: Pick<ReviewWindowTimes, 'opensAt' | 'closesAt'>, now: Date) {
  return now.getTime() >= window.opensAt.getTime() && now.getTime() < window.closesAt.getTime();
}

/** "2030-01-15 12:00 UTC": how deadlines read in emails. */
export function formatDeadline(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
