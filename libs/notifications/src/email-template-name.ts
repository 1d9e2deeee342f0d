/**
 * Every email the system can send, with the variables its files use. Each
 * name is a directory under `templates/` holding subject.txt, body.txt and
 * body.html; a spec checks the files against this list.
 */
export const EMAIL_TEMPLATE_VARIABLES = {
  'verify-email': ['firstName', 'link'],
  'password-reset': ['firstName', 'link'],
  'password-changed': ['firstName'],
  'booking-confirmed': ['firstName', 'listingTitle', 'checkIn', 'checkOut', 'total', 'bookingId'],
  'booking-new-for-host': [
    'firstName',
    'listingTitle',
    'checkIn',
    'checkOut',
    'guestName',
    'payout',
    'bookingId',
  ],
  'booking-request-received': [
    'firstName',
    'listingTitle',
    'checkIn',
    'checkOut',
    'guestName',
    'deadline',
    'bookingId',
  ],
  'booking-request-sent': [
    'firstName',
    'listingTitle',
    'checkIn',
    'checkOut',
    'deadline',
    'bookingId',
  ],
  'booking-declined': ['firstName', 'listingTitle', 'checkIn', 'checkOut', 'bookingId'],
  'booking-expired': ['firstName', 'listingTitle', 'checkIn', 'checkOut', 'reason', 'bookingId'],
  'booking-cancelled': [
    'firstName',
    'listingTitle',
    'checkIn',
    'checkOut',
    'cancelledBy',
    'refund',
    'bookingId',
  ],
  'booking-ended-for-host': [
    'firstName',
    'listingTitle',
    'checkIn',
    'checkOut',
    'guestName',
    'reason',
    'bookingId',
  ],
  'booking-withdrawn-for-host': [
    'firstName',
    'listingTitle',
    'checkIn',
    'checkOut',
    'guestName',
    'bookingId',
  ],
  'stay-completed': ['firstName', 'listingTitle', 'checkIn', 'checkOut', 'bookingId'],
  'stay-completed-for-host': [
    'firstName',
    'listingTitle',
    'checkIn',
    'checkOut',
    'guestName',
    'payout',
    'bookingId',
  ],
  'review-window-open': ['firstName', 'listingTitle', 'deadline', 'link'],
  'review-window-closing': ['firstName', 'listingTitle', 'deadline', 'link'],
  'review-published': ['firstName', 'listingTitle', 'link'],
} as const satisfies Record<string, readonly string[]>;

export type EmailTemplateName = keyof typeof EMAIL_TEMPLATE_VARIABLES;

export const EMAIL_TEMPLATE_NAMES = Object.keys(EMAIL_TEMPLATE_VARIABLES) as EmailTemplateName[];

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(EMAIL_TEMPLATE_VARIABLES, name);
}
