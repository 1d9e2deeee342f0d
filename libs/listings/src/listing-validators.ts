import { isCurrencyCode } from '@app/core';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isStayDate } from './stay-date';

function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

function simple(
  name: string,
  test: (value: unknown) => boolean,
  message: string,
): (options?: ValidationOptions) => PropertyDecorator {
  return (options) => (target, propertyKey) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: `$property ${message}`, ...options },
      validator: { validate: test },
    });
}

/** A calendar date `YYYY-MM-DD` that exists. */
export const IsStayDate = simple('isStayDate', isStayDate, 'must be a date YYYY-MM-DD');
/** An IANA time zone name such as `Europe/Paris`. */
export const IsTimeZone = simple(
  'isTimeZone',
  isTimeZone,
  'must be an IANA time zone, e.g. Europe/Paris',
);
/** An ISO 4217 currency code this server knows. */
export const IsCurrency = simple(
  'isCurrency',
  (v) => typeof v === 'string' && isCurrencyCode(v),
  'must be an ISO 4217 currency code, e.g. EUR',
);
