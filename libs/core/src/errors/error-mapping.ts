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
      return 400;
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.INVALID_CREDENTIALS:
      return 401;
    case ErrorCode.FORBIDDEN:
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
    case ErrorCode.UNAUTHENTICATED:
      return 'Authentication required';
    case ErrorCode.INVALID_CREDENTIALS:
      return 'Invalid credentials';
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
    case 409:
      return ErrorCode.CONFLICT;
    case 413:
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case 415:
      return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
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
