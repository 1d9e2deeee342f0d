import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationFailedError, type FieldError } from '@app/core';

/** Flattens class-validator's tree into `{ field: 'a.b.0.c', message }` entries. */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrorsOf(e.children ?? [], field)];
  });
}

/**
 * Every input DTO is validated the same way: unknown fields are rejected,
 * values are converted to the declared types, and failures become
 * VALIDATION_FAILED with one entry per field problem.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedError(fieldErrorsOf(errors)),
  });
}
