import { randomUUID } from 'node:crypto';
import { json, type RunningApi } from './api-server';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string };
}

/** A valid, unique registration (tests never share accounts). */
export function newAccount(
  overrides: Partial<Record<'email' | 'password' | 'firstName' | 'lastName', string>> = {},
) {
  return {
    email: `guest-${randomUUID()}@example.com`,
    password: 'a sturdy passphrase 42',
    firstName: 'Ada',
    lastName: 'Lovelace',
    ...overrides,
  };
}

export type Registered = Tokens & { account: ReturnType<typeof newAccount> };

export async function register(api: RunningApi, account = newAccount()): Promise<Registered> {
  const res = await api.request('/api/v1/auth/register', json(account));
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return { ...((await res.json()) as Tokens), account };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
