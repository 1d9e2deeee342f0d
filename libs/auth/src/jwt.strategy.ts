import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AppConfig } from '@app/core';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AccessTokenClaims, AuthUser } from './auth-user';
import { AuthService } from './auth.service';

const keys = new Map<string, KeyObject>();

/**
 * The HMAC key of access tokens as a KeyObject, made once per secret: given a
 * string, jsonwebtoken first tries (and fails) to parse it as a public key on
 * every sign and verify, which cost more than the HMAC itself.
 */
export function accessTokenKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/**
 * Bearer access tokens: HS256 only (so `alg: none` and RS/HS swaps fail),
 * signature and expiry checked by passport-jwt, then the account and the
 * login session must still be alive (logout and password changes take effect
 * at once, not when the token expires).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands the key to jsonwebtoken, which takes a KeyObject; its types say string | Buffer.
      secretOrKey: accessTokenKey(config.env.JWT_SECRET!) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser | false> {
    if (typeof claims?.sub !== 'string' || typeof claims.sid !== 'string') return false;
    return (await this.auth.authenticate(claims)) ?? false;
  }
}
