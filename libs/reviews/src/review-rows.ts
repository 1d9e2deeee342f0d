import type { ReviewAuthorRole } from './review-catalogue';
import type { ModeratedReviewView, ReviewView } from './dto/review.view';

/** The columns every review read selects (`r` = reviews, `a` = the author in users). */
export const REVIEW_COLUMNS = `r.id, r.booking_id, r.listing_id, r.author_id, r.subject_id, r.author_role,
  r.overall, r.cleanliness, r.accuracy, r.communication, r.location, r.check_in, r.value,
  r.would_host_again, r.text, r.submitted_at, r.published_at, r.hidden_at, r.hidden_reason,
  r.response_text, r.responded_at, a.first_name AS author_first_name, a.avatar_url AS author_avatar_url`;

export const REVIEW_FROM = 'reviews r JOIN users a ON a.id = r.author_id';

/** Published and not hidden: what the public may read. */
export const PUBLIC_REVIEW = 'r.published_at IS NOT NULL AND r.hidden_at IS NULL';

export interface ReviewRow {
  id: string;
  booking_id: string;
  listing_id: string;
  author_id: string;
  subject_id: string;
  author_role: ReviewAuthorRole;
  overall: number;
  cleanliness: number | null;
  accuracy: number | null;
  communication: number | null;
  location: number | null;
  check_in: number | null;
  value: number | null;
  would_host_again: boolean | null;
  text: string;
  submitted_at: Date;
  published_at: Date | null;
  hidden_at: Date | null;
  hidden_reason: string | null;
  response_text: string | null;
  responded_at: Date | null;
  author_first_name: string;
  author_avatar_url: string | null;
}

/** The view of a row for `viewerId` (what only the author may see stays with the author). */
export function reviewViewOf(row: ReviewRow, viewerId?: string): ReviewView {
  const isGuestReview = row.author_role === 'guest';
  return {
    id: row.id,
    bookingId: row.booking_id,
    listingId: row.listing_id,
    authorRole: row.author_role,
    author: {
      id: row.author_id,
      firstName: row.author_first_name,
      avatarUrl: row.author_avatar_url,
    },
    subjectId: row.subject_id,
    overall: row.overall,
    subRatings: isGuestReview
      ? {
          cleanliness: row.cleanliness!,
          accuracy: row.accuracy!,
          communication: row.communication!,
          location: row.location!,
          checkIn: row.check_in!,
          value: row.value!,
        }
      : null,
    wouldHostAgain: viewerId === row.author_id ? row.would_host_again : null,
    text: row.text,
    status: row.published_at ? 'published' : 'pending',
    submittedAt: row.submitted_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
    response:
      row.response_text && row.responded_at
        ? { text: row.response_text, respondedAt: row.responded_at.toISOString() }
        : null,
  };
}

export function moderatedReviewViewOf(row: ReviewRow): ModeratedReviewView {
  return {
    ...reviewViewOf(row),
    hiddenAt: row.hidden_at!.toISOString(),
    hiddenReason: row.hidden_reason!,
  };
}
