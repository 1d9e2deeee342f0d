import { getMetadataStorage, registerDecorator, type ValidationOptions } from 'class-validator';

/** class-validator's name for the rule, used to find the multi-line fields of a class. */
export const MULTILINE_TEXT = 'multilineText';

// C0 controls and DEL: PostgreSQL refuses NUL in text, and no person types the others.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// The same, minus tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Whether text holds a character no input of this API accepts. */
export function hasControlCharacters(text: string, multiline: boolean): boolean {
  return (multiline ? CONTROL_BUT_LINES : CONTROL).test(text);
}

/** The message for a field holding such a character. */
export function controlCharacterMessage(field: string, multiline: boolean): string {
  return multiline
    ? `${field} must not contain control characters other than tabs and line breaks`
    : `${field} must be a single line without control characters`;
}

/**
 * Every string input is single-line text by default (the API's validation pipe
 * refuses control characters, tab and line breaks included, in any field).
 * This marks a field where a person writes paragraphs (a bio, a description):
 * tab, line feed and carriage return are allowed there; other controls are not.
 */
export function MultilineText(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: MULTILINE_TEXT,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || !hasControlCharacters(value, true),
        defaultMessage: (args) => controlCharacterMessage(args?.property ?? 'text', true),
      },
    });
  };
}

const multilineCache = new WeakMap<object, ReadonlySet<string>>();

/** The properties of a class (its parents' included) marked @MultilineText(). */
export function multilineProperties(
  type: abstract new (...args: never[]) => unknown,
): ReadonlySet<string> {
  let found = multilineCache.get(type);
  if (!found) {
    found = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(type, '', true, false)
        .filter((m) => m.name === MULTILINE_TEXT)
        .map((m) => m.propertyName),
    );
    multilineCache.set(type, found);
  }
  return found;
}
