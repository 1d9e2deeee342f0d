import { DomainError, type FieldError } from './domain-error';
import { assertUnreachable, ErrorCode } from './error-code';
import { domainErrorFromDatabase } from './postgres-error';

/** HTTP status for each code: the one REST mapping. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BAD_REQUEST:
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.INVALID_CURSOR:
    case ErrorCode.QUERY_TOO_COMPLEX:
    case ErrorCode.WEAK_PASSWORD:
    case ErrorCode.INVALID_TOKEN:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.INVALID_CREDENTIALS:
      return 401;
    case ErrorCode.FORBIDDEN:
    case ErrorCode.ACCOUNT_SUSPENDED:
      return 403;
    case ErrorCode.NOT_FOUND:
    case ErrorCode.ROUTE_NOT_FOUND:
      return 404;
    case ErrorCode.METHOD_NOT_ALLOWED:
      return 405;
    case ErrorCode.CONFLICT:
    case ErrorCode.ALREADY_EXISTS:
    case ErrorCode.EMAIL_TAKEN:
    case ErrorCode.DATES_UNAVAILABLE:
      return 409;
    case ErrorCode.REFERENCE_NOT_FOUND:
      return 422;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 415;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    case ErrorCode.INTERNAL:
      return 500;
    case ErrorCode.CHECK_IN_IN_PAST:
    case ErrorCode.STAY_TOO_SHORT:
    case ErrorCode.STAY_TOO_LONG:
    case ErrorCode.TOO_MANY_GUESTS:
      return 422;
    case ErrorCode.INVALID_STATE:
      return 409;
    case ErrorCode.INVALID_DATE_RANGE:
    case ErrorCode.DATE_RANGE_TOO_LONG:
      return 400;
    case ErrorCode.NOT_LISTING_OWNER:
      return 403;
    case ErrorCode.LISTING_INCOMPLETE:
      return 422;
    case ErrorCode.INVALID_LISTING_STATE:
      return 409;
    case ErrorCode.INVALID_WEBHOOK_SIGNATURE:
      return 400;
    case ErrorCode.OWN_LISTING:
      return 422;
    case ErrorCode.LISTING_NOT_BOOKABLE:
      return 422;
    case ErrorCode.NOT_BOOKING_HOST:
      return 403;
    case ErrorCode.ALREADY_CANCELLED:
      return 409;
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 422;
    case ErrorCode.IDEMPOTENCY_KEY_IN_USE:
      return 409;
    case ErrorCode.PAYMENT_DECLINED:
      return 402;
    case ErrorCode.LOCAL_PAYMENTS_ONLY:
      return 404;
    case ErrorCode.NOT_STAY_PARTICIPANT:
    case ErrorCode.RESPONSE_NOT_ALLOWED:
      return 403;
    case ErrorCode.STAY_NOT_COMPLETED:
    case ErrorCode.STAY_CANCELLED:
    case ErrorCode.REVIEW_WINDOW_CLOSED:
    case ErrorCode.ALREADY_REVIEWED:
    case ErrorCode.ALREADY_RESPONDED:
      return 409;
    // Hostile or unreadable requests (HTTP layer)
    case ErrorCode.MALFORMED_JSON:
    case ErrorCode.BODY_TOO_DEEP:
      return 400;
    case ErrorCode.HEADERS_TOO_LARGE:
      return 431;
    case ErrorCode.REQUEST_TIMEOUT:
      return 408;
    // Accounts
    case ErrorCode.EMAIL_NOT_VERIFIED:
      return 403;
    default:
      return assertUnreachable(code);
  }
}

/** Short human title per code (RFC 9457 `title`: the same for every occurrence). */
export function titleOf(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.BAD_REQUEST:
      return 'Bad request';
    case ErrorCode.VALIDATION_FAILED:
      return 'Validation failed';
    case ErrorCode.INVALID_CURSOR:
      return 'Invalid cursor';
    case ErrorCode.QUERY_TOO_COMPLEX:
      return 'Query too complex';
    case ErrorCode.WEAK_PASSWORD:
      return 'Password too weak';
    case ErrorCode.INVALID_TOKEN:
      return 'Invalid or expired link';
    case ErrorCode.UNAUTHENTICATED:
      return 'Authentication required';
    case ErrorCode.INVALID_CREDENTIALS:
      return 'Invalid credentials';
    case ErrorCode.ACCOUNT_SUSPENDED:
      return 'Account suspended';
    case ErrorCode.FORBIDDEN:
      return 'Forbidden';
    case ErrorCode.NOT_FOUND:
      return 'Not found';
    case ErrorCode.ROUTE_NOT_FOUND:
      return 'Route not found';
    case ErrorCode.METHOD_NOT_ALLOWED:
      return 'Method not allowed';
    case ErrorCode.CONFLICT:
      return 'Conflict';
    case ErrorCode.ALREADY_EXISTS:
      return 'Already exists';
    case ErrorCode.EMAIL_TAKEN:
      return 'Email already registered';
    case ErrorCode.DATES_UNAVAILABLE:
      return 'Dates unavailable';
    case ErrorCode.REFERENCE_NOT_FOUND:
      return 'Referenced record not found';
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 'Payload too large';
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 'Unsupported media type';
    case ErrorCode.RATE_LIMITED:
      return 'Too many requests';
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 'Service unavailable';
    case ErrorCode.INTERNAL:
      return 'Internal server error';
    case ErrorCode.CHECK_IN_IN_PAST:
      return 'Check-in date has passed';
    case ErrorCode.STAY_TOO_SHORT:
      return 'Stay too short';
    case ErrorCode.STAY_TOO_LONG:
      return 'Stay too long';
    case ErrorCode.TOO_MANY_GUESTS:
      return 'Too many guests';
    case ErrorCode.INVALID_STATE:
      return 'Invalid state for this action';
    case ErrorCode.INVALID_DATE_RANGE:
      return 'Invalid date range';
    case ErrorCode.DATE_RANGE_TOO_LONG:
      return 'Date range too long';
    case ErrorCode.NOT_LISTING_OWNER:
      return 'Not the owner of the listing';
    case ErrorCode.LISTING_INCOMPLETE:
      return 'Listing incomplete';
    case ErrorCode.INVALID_LISTING_STATE:
      return 'Invalid listing state';
    case ErrorCode.INVALID_WEBHOOK_SIGNATURE:
      return 'Invalid webhook signature';
    case ErrorCode.OWN_LISTING:
      return 'Cannot book your own listing';
    case ErrorCode.LISTING_NOT_BOOKABLE:
      return 'Listing not open for booking';
    case ErrorCode.NOT_BOOKING_HOST:
      return 'Only the host can do this';
    case ErrorCode.ALREADY_CANCELLED:
      return 'Booking already cancelled';
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 'Idempotency key reused with another request';
    case ErrorCode.IDEMPOTENCY_KEY_IN_USE:
      return 'A request with this idempotency key is in progress';
    case ErrorCode.PAYMENT_DECLINED:
      return 'Payment declined';
    case ErrorCode.LOCAL_PAYMENTS_ONLY:
      return 'Only with the local payment provider';
    case ErrorCode.NOT_STAY_PARTICIPANT:
      return 'Not a guest or host of this stay';
    case ErrorCode.STAY_NOT_COMPLETED:
      return 'Stay not completed';
    case ErrorCode.STAY_CANCELLED:
      return 'Stay was cancelled';
    case ErrorCode.REVIEW_WINDOW_CLOSED:
      return 'Review window closed';
    case ErrorCode.ALREADY_REVIEWED:
      return 'Already reviewed';
    case ErrorCode.RESPONSE_NOT_ALLOWED:
      return 'Response not allowed';
    case ErrorCode.ALREADY_RESPONDED:
      return 'Already responded';
    // Hostile or unreadable requests (HTTP layer)
    case ErrorCode.MALFORMED_JSON:
      return 'Malformed JSON';
    case ErrorCode.BODY_TOO_DEEP:
      return 'Body nested too deeply';
    case ErrorCode.HEADERS_TOO_LARGE:
      return 'Request headers too large';
    case ErrorCode.REQUEST_TIMEOUT:
      return 'Request timeout';
    case ErrorCode.EMAIL_NOT_VERIFIED:
      return 'Email not verified';
    default:
      return assertUnreachable(code);
  }
}

/** What any thrown value becomes before a transport renders it. */
export interface NormalizedError {
  code: ErrorCode;
  status: number;
  message: string;
  fieldErrors: FieldError[];
  details?: Record<string, unknown>;
  /** True when the client did nothing wrong: log it with its stack. */
  unexpected: boolean;
}

interface StatusCarrier {
  status?: unknown;
  statusCode?: unknown;
  getStatus?: () => number;
  message?: unknown;
}

/** Framework errors (Nest HttpException, Fastify FST_* errors) carry only a status. */
function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
      return ErrorCode.ROUTE_NOT_FOUND;
    case 405:
      return ErrorCode.METHOD_NOT_ALLOWED;
    case 408:
      return ErrorCode.REQUEST_TIMEOUT;
    case 409:
      return ErrorCode.CONFLICT;
    case 413:
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case 415:
      return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
    case 431:
      return ErrorCode.HEADERS_TOO_LARGE;
    case 429:
      return ErrorCode.RATE_LIMITED;
    case 503:
      return ErrorCode.SERVICE_UNAVAILABLE;
    default:
      return status >= 400 && status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
  }
}

function statusOf(error: StatusCarrier): number | undefined {
  const s =
    typeof error.getStatus === 'function' ? error.getStatus() : (error.statusCode ?? error.status);
  return typeof s === 'number' && s >= 400 && s <= 599 ? s : undefined;
}

export function normalizeError(error: unknown): NormalizedError {
  const domain = error instanceof DomainError ? error : domainErrorFromDatabase(error);
  if (domain) {
    return {
      code: domain.code,
      status: httpStatusOf(domain.code),
      message: domain.message,
      fieldErrors: domain.fieldErrors,
      details: domain.details,
      unexpected: domain.code === ErrorCode.INTERNAL,
    };
  }
  const carrier = (error ?? {}) as StatusCarrier;
  const status = statusOf(carrier);
  if (status !== undefined && status < 500) {
    const code = codeForStatus(status);
    const message =
      typeof carrier.message === 'string' && carrier.message ? carrier.message : titleOf(code);
    return { code, status, message, fieldErrors: [], unexpected: false };
  }
  if (status === 503) {
    return {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      status,
      message: titleOf(ErrorCode.SERVICE_UNAVAILABLE),
      fieldErrors: [],
      unexpected: false,
    };
  }
  return {
    code: ErrorCode.INTERNAL,
    status: 500,
    message: 'An unexpected error occurred. Quote the request id when reporting it.',
    fieldErrors: [],
    unexpected: true,
  };
}
