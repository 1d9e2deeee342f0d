import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AppConfig } from '@app/core';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AccessTokenClaims, AuthUser } from './auth-user';
import { AuthService } from './auth.service';

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
      secretOrKey: config.env.JWT_SECRET!,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser | false> {
    if (typeof claims?.sub !== 'string' || typeof claims.sid !== 'string') return false;
    return (await this.auth.authenticate(claims)) ?? false;
  }
}
