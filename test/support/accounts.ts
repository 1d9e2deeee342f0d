import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
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

export interface RegisterOptions {
  /**
   * Follow the emailed verification link (default), as a real user does before
   * booking or hosting; `false` leaves the account unverified.
   */
  verified?: boolean;
}

export async function register(
  api: RunningApi,
  account = newAccount(),
  { verified = true }: RegisterOptions = {},
): Promise<Registered> {
  const res = await api.request('/api/v1/auth/register', json(account));
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const registered = { ...((await res.json()) as Tokens), account };
  if (verified) await verifyEmail(api, registered.user.id);
  return registered;
}

type Rows = (sql: string, params: unknown[]) => Promise<{ link: string | null }[]>;

const LATEST_VERIFICATION_LINK = `SELECT m.data->>'link' AS link FROM outbox_messages m
  JOIN users u ON u.email = m.recipient
  WHERE u.id = $1 AND m.template = 'verify-email' ORDER BY m.created_at DESC LIMIT 1`;

/** The token of the latest verification link mailed to this account (read from the outbox). */
async function tokenFrom(rows: Rows, userId: string): Promise<string> {
  const [row] = await rows(LATEST_VERIFICATION_LINK, [userId]);
  const token = row?.link ? new URL(row.link).searchParams.get('token') : null;
  if (!token) throw new Error(`no verification mail for user ${userId}`);
  return token;
}

async function followLink(baseUrl: string, token: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v1/auth/verify-email`, json({ token }));
  if (res.status !== 204) throw new Error(`verify-email failed: ${res.status} ${await res.text()}`);
}

export const verificationToken = (api: RunningApi, userId: string) =>
  tokenFrom((sql, params) => api.app.get(DataSource).query(sql, params), userId);

/** Verifies the account's email through the real mailed link, as its owner would. */
export async function verifyEmail(api: RunningApi, userId: string): Promise<void> {
  await followLink(api.baseUrl, await verificationToken(api, userId));
}

/** The same for an API running as a separate process, given its database. */
export async function verifyEmailOf(
  baseUrl: string,
  databaseUrl: string,
  userId: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const token = await tokenFrom(
      async (sql, params) => (await client.query<{ link: string | null }>(sql, params)).rows,
      userId,
    );
    await followLink(baseUrl, token);
  } finally {
    await client.end();
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
