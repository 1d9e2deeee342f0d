import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import {
  controlCharacterMessage,
  hasControlCharacters,
  multilineProperties,
  ValidationFailedError,
  type FieldError,
} from '@app/core';

/**
 * Flattens class-validator's tree into `{ field: 'a.b.0.c', message }` entries.
 * A field that is missing gets one "is required" instead of every rule it
 * would have broken ("must be an integer", "must not be less than 1", ...).
 */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const messages = Object.values(e.constraints ?? {});
    const missing = messages.length > 0 && 'value' in e && e.value === undefined;
    const own = missing
      ? [{ field, message: `${e.property} is required` }]
      : messages.map((message) => ({ field, message }));
    return [...own, ...fieldErrorsOf(e.children ?? [], field)];
  });
}

// Far deeper than any input; the JSON parser already refuses bodies nested over 32.
const MAX_WALK_DEPTH = 64;

/**
 * The strings of a value holding control characters, as class-validator shaped
 * errors. Properties marked @MultilineText() are skipped: their own rule checks them.
 */
export function controlCharacterErrors(value: unknown, depth = 0): ValidationError[] {
  if (value === null || typeof value !== 'object' || depth > MAX_WALK_DEPTH) return [];
  if (value instanceof Date || ArrayBuffer.isView(value)) return [];
  const multiline = Array.isArray(value)
    ? new Set<string>()
    : multilineProperties(value.constructor as abstract new () => unknown);
  const errors: ValidationError[] = [];
  for (const [property, item] of Object.entries(value)) {
    if (typeof item === 'string') {
      if (!multiline.has(property) && hasControlCharacters(item, false))
        errors.push(stringError(property));
    } else {
      const children = controlCharacterErrors(item, depth + 1);
      if (children.length > 0) errors.push({ property, children });
    }
  }
  return errors;
}

function stringError(property: string): ValidationError {
  return {
    property,
    constraints: { controlCharacters: controlCharacterMessage(property, false) },
    children: [],
  };
}

/** Where client input arrives: REST body, query and path, and GraphQL arguments. */
const GRAPHQL_ARGS = 3;
function isClientInput(metadata: ArgumentMetadata): boolean {
  const type = metadata.type as ArgumentMetadata['type'] | number;
  return type === 'body' || type === 'query' || type === 'param' || type === GRAPHQL_ARGS;
}

/**
 * The one validation pipe. On top of Nest's: no string anywhere in the input
 * holds a control character (NUL would reach PostgreSQL, which refuses it with
 * a 500), whatever DTO declares it, so a new DTO is covered without a decorator.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Inputs Nest does not validate as a class (a named string, a plain object).
    if (isClientInput(metadata) && !this.toValidate(metadata)) {
      const errors =
        typeof value === 'string'
          ? hasControlCharacters(value, false)
            ? [stringError(metadata.data ?? String(metadata.type))]
            : []
          : controlCharacterErrors(value);
      if (errors.length > 0) throw this.exceptionFactory(errors);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    return [...errors, ...controlCharacterErrors(object)];
  }
}

/**
 * Every input DTO is validated the same way: unknown fields are rejected,
 * values are converted to the declared types, strings are single-line text
 * without control characters unless marked @MultilineText(), and failures
 * become VALIDATION_FAILED with one entry per field problem.
 */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedError(fieldErrorsOf(errors)),
  });
}
