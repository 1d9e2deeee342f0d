import { AppConfig } from '@app/core';
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks an `Authorization: Basic` header against the operator login from
 * config, in constant time.
 */
export function isOperatorAuthorization(header: string | undefined, config: AppConfig): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = timingSafeEqual(
    digest(decoded.slice(0, colon)),
    digest(config.env.ADMIN_BASIC_USER),
  );
  const passwordOk = timingSafeEqual(
    digest(decoded.slice(colon + 1)),
    digest(config.env.ADMIN_BASIC_PASSWORD ?? ''),
  );
  return userOk && passwordOk;
}

export const BASIC_CHALLENGE = 'Basic realm="operators", charset="UTF-8"';
