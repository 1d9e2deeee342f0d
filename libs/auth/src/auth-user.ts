import type { UserRole } from '@app/users';

/** Who is calling: what guards and @CurrentUser() hand to controllers and resolvers. */
export interface AuthUser {
  id: string;
  role: UserRole;
  isHost: boolean;
  /** The address still waiting for its verification link; null once verified (booking and hosting need that). */
  unverifiedEmail: string | null;
  /** The refresh-token family this access token belongs to (logout revokes it). */
  sessionFamilyId: string;
}

/** The claims of an access token. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  role: UserRole;
}
