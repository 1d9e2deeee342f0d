import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';
import { ErrorCode } from './error-code';

/** SQLSTATE codes the API turns into client errors (never by matching message text). */
export const SqlState = {
  UNIQUE_VIOLATION: '23505',
  FOREIGN_KEY_VIOLATION: '23503',
  EXCLUSION_VIOLATION: '23P01',
  CHECK_VIOLATION: '23514',
  NOT_NULL_VIOLATION: '23502',
  INVALID_TEXT_REPRESENTATION: '22P02',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
} as const;

interface PgDriverError {
  code?: string;
}

export function sqlStateOf(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) {
    return (error.driverError as PgDriverError | undefined)?.code;
  }
  const code = (error as PgDriverError | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Maps a database error to a DomainError by SQLSTATE, or returns undefined
 * when it is not one a client caused.
 */
export function domainErrorFromDatabase(error: unknown): DomainError | undefined {
  const state = sqlStateOf(error);
  if (!state) return undefined;
  // No constraint name goes to the client: it names the schema, not the user's problem.
  switch (state) {
    case SqlState.UNIQUE_VIOLATION:
      return new DomainError(
        ErrorCode.ALREADY_EXISTS,
        'Something with the same value already exists.',
        { cause: error },
      );
    case SqlState.EXCLUSION_VIOLATION:
      return new DomainError(
        ErrorCode.DATES_UNAVAILABLE,
        'These dates are not available for this listing.',
        { cause: error },
      );
    case SqlState.FOREIGN_KEY_VIOLATION:
      return new DomainError(
        ErrorCode.REFERENCE_NOT_FOUND,
        'The request refers to something that does not exist.',
        { cause: error },
      );
    case SqlState.CHECK_VIOLATION:
    case SqlState.NOT_NULL_VIOLATION:
    case SqlState.INVALID_TEXT_REPRESENTATION:
      return new DomainError(
        ErrorCode.VALIDATION_FAILED,
        'The request has a value that is not allowed.',
        { cause: error },
      );
    default:
      return undefined;
  }
}
