import { EnableExtensions1763942400000 } from './1763942400000-enable-extensions';
import { CreateOutboxMessages1763942500000 } from './1763942500000-create-outbox-messages';
import { CreateUsersAndSessions1763942600000 } from './1763942600000-create-users-and-sessions';
import { CreateAccountTokens1763942700000 } from './1763942700000-create-account-tokens';
import { CreateListings1764000000000 } from './1764000000000-create-listings';
import { CreateAdminAuditAndSuspensions1764300000000 } from './1764300000000-create-admin-audit-and-suspensions';
import { CreateLocalPaymentIntents1764400000000 } from './1764400000000-create-local-payment-intents';
import { CreateBookingsAndPayments1764500000000 } from './1764500000000-create-bookings-and-payments';
import { SearchCityOrderIndexes1764510000000 } from './1764510000000-search-city-order-indexes';
import { CreateReviews1764600000000 } from './1764600000000-create-reviews';
import { CreatePaymentEventsAndPayouts1764700000000 } from './1764700000000-create-payment-events-and-payouts';
import { BookingWithdrawnStatus1765200000000 } from './1765200000000-booking-withdrawn-status';
import { ListingBookingWindow1765200100000 } from './1765200100000-listing-booking-window';
import { CreateDevMails1765500000000 } from './1765500000000-create-dev-mails';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the same list
 * works from compiled code, from tests and from the CLI. A new migration made
 * by `npm run migration:generate` is added here.
 */
export const migrations = [
  EnableExtensions1763942400000,
  CreateOutboxMessages1763942500000,
  CreateUsersAndSessions1763942600000,
  CreateAccountTokens1763942700000,
  CreateListings1764000000000,
  CreateAdminAuditAndSuspensions1764300000000,
  CreateLocalPaymentIntents1764400000000,
  CreateBookingsAndPayments1764500000000,
  SearchCityOrderIndexes1764510000000,
  CreateReviews1764600000000,
  CreatePaymentEventsAndPayouts1764700000000,
  BookingWithdrawnStatus1765200000000,
  ListingBookingWindow1765200100000,
  CreateDevMails1765500000000,
];
