import { DomainError, ErrorCode } from '@app/core';
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'is too common';
  const normalizedEmail = email.trim().toLowerCase();
  if (lower === normalizedEmail || lower === normalizedEmail.split('@')[0])
    return 'must not be your email address';
  return null;
}

export function assertStrongPassword(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) {
    throw new DomainError(ErrorCode.WEAK_PASSWORD, `The password ${problem}`, {
      fieldErrors: [{ field: 'password', message: `password ${problem}` }],
    });
  }
}
