import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@app/core';
import { assertStrongPassword, passwordProblem } from './password-policy';

const owner = { email: 'grace.hopper@example.com', firstName: 'Grace', lastName: 'Hopper' };

describe('password policy (OWASP ASVS 2.1)', () => {
  it.each([
    ['short', /at least 12 characters/],
    ['x'.repeat(129), /at most 128/],
    [' '.repeat(12), /only spaces/],
    ['a'.repeat(12), /one character repeated/],
    ['aaaaaaaaaa', /at least 12/],
    ['1234567890ab', /too common|easy to guess/],
    ['password1234', /too common/],
    ['Password1234', /too common/],
    ['qwertyuiop12', /too common|easy to guess/],
    ['grace.hopper@example.com', /email address/],
    ['gracehopper1', /easy to guess/],
    ['abcabcabcabc', /easy to guess/],
  ])('refuses %j with a reason', async (password, reason) => {
    expect(await passwordProblem(password, owner)).toMatch(reason);
  });

  it.each([
    'a sturdy passphrase 42',
    'correct horse battery staple',
    'demo-password-2026',
    '  spaces are fine too  ',
    'ünïcödé wörds wörk ✓',
    'a7$Kp!2qZ9@w',
    `${'long passphrases are welcome '.repeat(4)}`.slice(0, 128),
  ])('accepts %j', async (password) => {
    expect(await passwordProblem(password, owner)).toBeNull();
  });

  it('says why in WEAK_PASSWORD, on the password field', async () => {
    const error: unknown = await assertStrongPassword('password1234', owner).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: ErrorCode.WEAK_PASSWORD,
      message: expect.stringContaining('too common'),
    });
  });
});
