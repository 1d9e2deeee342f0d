import { ErrorCode } from './error-code';

/** A problem with one input field (path is dotted: `address.city`, `photos.0.url`). */
export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  fieldErrors?: FieldError[];
  /** Extra machine-readable facts for the client (e.g. which fields are missing). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * What domain code throws. It carries a stable code and a human message and
 * knows nothing of HTTP or GraphQL; the transports map it.
 */
export class DomainError extends Error {
  readonly fieldErrors: FieldError[];
  readonly details?: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.fieldErrors = options.fieldErrors ?? [];
    this.details = options.details;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id?: string) {
    super(ErrorCode.NOT_FOUND, id ? `${what} ${id} was not found` : `${what} was not found`);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(fieldErrors: FieldError[], message = 'The request has invalid fields') {
    super(ErrorCode.VALIDATION_FAILED, message, { fieldErrors });
  }
}
