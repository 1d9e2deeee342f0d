export const REVIEW_AUTHOR_ROLES = ['guest', 'host'] as const;
/** Who wrote a review: the guest (about the stay and listing) or the host (about the guest). */
export type ReviewAuthorRole = (typeof REVIEW_AUTHOR_ROLES)[number];

/** The sub-ratings a guest gives a stay, as the API names them. */
export const SUB_RATINGS = [
  'cleanliness',
  'accuracy',
  'communication',
  'location',
  'checkIn',
  'value',
] as const;
export type SubRating = (typeof SUB_RATINGS)[number];

/** Column of each sub-rating in `reviews`, and of its sum and average. */
export const SUB_RATING_COLUMN: Record<SubRating, string> = {
  cleanliness: 'cleanliness',
  accuracy: 'accuracy',
  communication: 'communication',
  location: 'location',
  checkIn: 'check_in',
  value: 'value',
};

export const MAX_REVIEW_TEXT = 5000;

/** Stay statuses that mean the stay did not happen. */
export const CANCELLED_STAY_STATUSES = ['cancelled_by_guest', 'cancelled_by_host'] as const;
