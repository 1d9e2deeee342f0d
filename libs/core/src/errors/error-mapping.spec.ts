import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { DomainError, ValidationFailedError } from './domain-error';
import { ErrorCode } from './error-code';
import { httpStatusOf, normalizeError, titleOf } from './error-mapping';

function pgError(code: string, constraint?: string): QueryFailedError {
  return new QueryFailedError(
    'SELECT 1',
    [],
    Object.assign(new Error('boom'), { code, constraint }),
  );
}

describe('error mapping', () => {
  it('gives every code a status and a title', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
      expect(titleOf(code)).not.toHaveLength(0);
    }
  });

  it('keeps domain errors as they are', () => {
    const normalized = normalizeError(
      new ValidationFailedError([{ field: 'email', message: 'email must be an email' }]),
    );
    expect(normalized).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      fieldErrors: [{ field: 'email' }],
      unexpected: false,
    });
  });

  it.each([
    ['23505', ErrorCode.ALREADY_EXISTS, 409],
    ['23P01', ErrorCode.DATES_UNAVAILABLE, 409],
    ['23503', ErrorCode.REFERENCE_NOT_FOUND, 422],
    ['23514', ErrorCode.VALIDATION_FAILED, 400],
  ])('maps SQLSTATE %s to %s', (state, code, status) => {
    const normalized = normalizeError(pgError(state, 'some_constraint'));
    expect(normalized).toMatchObject({ code, status, unexpected: false });
    // The schema's names stay out of what the client reads.
    expect(normalized.details).toBeUndefined();
    expect(normalized.message).not.toMatch(/constraint|some_/);
  });

  it('treats other database errors and plain errors as unexpected 500s without their message', () => {
    for (const error of [pgError('42P01'), new Error('secret internals'), 'a string', undefined]) {
      const normalized = normalizeError(error);
      expect(normalized).toMatchObject({ code: ErrorCode.INTERNAL, status: 500, unexpected: true });
      expect(normalized.message).not.toContain('secret');
    }
  });

  it('maps framework errors by their status', () => {
    expect(
      normalizeError(
        Object.assign(new Error('Body is too large'), {
          statusCode: 413,
          code: 'FST_ERR_CTP_BODY_TOO_LARGE',
        }),
      ),
    ).toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE, status: 413 });
    expect(
      normalizeError(Object.assign(new Error('Unexpected token'), { statusCode: 400 })),
    ).toMatchObject({ code: ErrorCode.BAD_REQUEST, status: 400 });
    expect(normalizeError(new DomainError(ErrorCode.DATES_UNAVAILABLE, 'taken'))).toMatchObject({
      status: 409,
    });
  });

  it.each([
    [ErrorCode.INVALID_DATE_RANGE, 400],
    [ErrorCode.CHECK_IN_IN_PAST, 422],
    [ErrorCode.STAY_TOO_SHORT, 422],
    [ErrorCode.STAY_TOO_LONG, 422],
    [ErrorCode.TOO_MANY_GUESTS, 422],
    [ErrorCode.INVALID_STATE, 409],
    [ErrorCode.OWN_LISTING, 422],
    [ErrorCode.LISTING_NOT_BOOKABLE, 422],
    [ErrorCode.NOT_BOOKING_HOST, 403],
    [ErrorCode.ALREADY_CANCELLED, 409],
    [ErrorCode.IDEMPOTENCY_KEY_REUSED, 422],
    [ErrorCode.IDEMPOTENCY_KEY_IN_USE, 409],
    [ErrorCode.PAYMENT_DECLINED, 402],
    [ErrorCode.LOCAL_PAYMENTS_ONLY, 404],
  ])('answers the booking code %s with HTTP %i', (code, status) => {
    expect(normalizeError(new DomainError(code, 'booking rule'))).toMatchObject({
      code,
      status,
      unexpected: false,
    });
    expect(titleOf(code)).not.toHaveLength(0);
  });

  it.each([
    [ErrorCode.NOT_STAY_PARTICIPANT, 403],
    [ErrorCode.RESPONSE_NOT_ALLOWED, 403],
    [ErrorCode.STAY_NOT_COMPLETED, 409],
    [ErrorCode.STAY_CANCELLED, 409],
    [ErrorCode.REVIEW_WINDOW_CLOSED, 409],
    [ErrorCode.ALREADY_REVIEWED, 409],
    [ErrorCode.ALREADY_RESPONDED, 409],
  ])('answers the review code %s with HTTP %i', (code, status) => {
    expect(normalizeError(new DomainError(code, 'review rule'))).toMatchObject({ code, status });
  });
});
