import { DomainError, ErrorCode } from '@app/core';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { COMMON_PASSWORDS } from './common-passwords';

/** OWASP ASVS 2.1.1 (at least 12 characters) and 2.1.2 (64 allowed, over 128 refused). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
/** zxcvbn's "safely unguessable" (about 10^8 guesses or more): ASVS 2.1.8's strength meter. */
export const MIN_PASSWORD_SCORE = 3;
/**
 * The estimator's work grows with length; past 64 characters a password that
 * passed the other rules is strong anyway, so only its start is scored.
 */
const SCORED_PREFIX = 64;

interface Estimator {
  strength: ZxcvbnFactory;
  /** The house list plus zxcvbn's list of the most common leaked passwords. */
  common: ReadonlySet<string>;
}

let estimator: Promise<Estimator> | undefined;
/**
 * Loaded on first use: the dictionaries take about a second to load and most
 * processes (the worker, an API that only serves reads) never need them.
 */
function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return {
      strength: new ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
        maxLength: SCORED_PREFIX,
      }),
      common: new Set([...COMMON_PASSWORDS, ...common.dictionary['passwords-common']]),
    };
  })();
  return estimator;
}

export interface PasswordOwner {
  email: string;
  firstName?: string;
  lastName?: string;
}

/**
 * Why a password is refused (a sentence for the person choosing it), or null.
 * No composition rules (ASVS 2.1.9): any characters, spaces included.
 */
export async function passwordProblem(
  password: string,
  owner: PasswordOwner,
): Promise<string | null> {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return `Use at least ${MIN_PASSWORD_LENGTH} characters; a few words make it easy to remember.`;
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (password.trim() === '') return 'A password cannot be only spaces.';
  if (new Set(password).size === 1) return 'A password cannot be one character repeated.';
  const { strength, common } = await loadEstimator();
  const lower = password.toLowerCase();
  if (common.has(lower) || common.has(lower.trim()))
    return 'This password is too common: it is on lists of leaked passwords.';
  const email = owner.email.trim().toLowerCase();
  const local = email.split('@')[0];
  if (lower === email || lower === local) return 'A password cannot be your email address.';
  const inputs = [email, local, owner.firstName, owner.lastName].filter((value): value is string =>
    Boolean(value?.trim()),
  );
  const result = strength.check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const hints = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean);
  return hints.length > 0
    ? `This password is too easy to guess. ${hints.join(' ')}`
    : 'This password is too easy to guess. Add another word or two; uncommon words are better.';
}

export async function assertStrongPassword(password: string, owner: PasswordOwner): Promise<void> {
  const problem = await passwordProblem(password, owner);
  if (problem) {
    throw new DomainError(ErrorCode.WEAK_PASSWORD, problem, {
      fieldErrors: [{ field: 'password', message: problem }],
    });
  }
}
