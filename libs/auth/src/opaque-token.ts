import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret (256 bits) for refresh, verification and reset tokens. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored: a leaked table holds no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
