import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  AccountDeletionService,
  AuthService,
  AuthTokens,
  ChangePasswordInput,
  CurrentUser,
  DeleteAccountInput,
  EmailVerificationService,
  ForgotPasswordInput,
  JwtAuthGuard,
  LoginInput,
  PasswordResetService,
  RefreshTokenInput,
  RegisterInput,
  ResetPasswordInput,
  RolesGuard,
  VerifiedEmailRequired,
  VerifyEmailInput,
  type AuthUser,
} from '@app/auth';
import { AuthRateLimit } from './auth-rate-limit';
import { MeView, PublicUserView, UpdateProfileInput, UsersService } from '@app/users';
import { ParseUuidPipe } from '../http/uuid-param';

/** GraphQL twin of the auth and users REST routes: the same services, the same errors. */
@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly verification: EmailVerificationService,
    private readonly passwordReset: PasswordResetService,
    private readonly deletion: AccountDeletionService,
  ) {}

  @Mutation(() => AuthTokens)
  @AuthRateLimit('register')
  register(@Args('input') input: RegisterInput): Promise<AuthTokens> {
    return this.auth.register(input);
  }

  @Mutation(() => AuthTokens)
  @AuthRateLimit('login')
  login(@Args('input') input: LoginInput): Promise<AuthTokens> {
    return this.auth.login(input);
  }

  @Mutation(() => AuthTokens)
  refreshToken(@Args('input') input: RefreshTokenInput): Promise<AuthTokens> {
    return this.auth.refresh(input.refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Signs out the login of the current access token' })
  @UseGuards(JwtAuthGuard, RolesGuard)
  async logout(@CurrentUser() user: AuthUser): Promise<boolean> {
    await this.auth.logoutSession(user);
    return true;
  }

  @Query(() => MeView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  async me(@CurrentUser() user: AuthUser): Promise<MeView> {
    return MeView.of(await this.users.get(user.id));
  }

  @Mutation(() => MeView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  async updateProfile(
    @CurrentUser() user: AuthUser,
    @Args('input') input: UpdateProfileInput,
  ): Promise<MeView> {
    return MeView.of(await this.users.updateProfile(user.id, input));
  }

  @Mutation(() => Boolean, { description: 'Signs out every other login of the account' })
  @AuthRateLimit('password-check')
  @UseGuards(JwtAuthGuard, RolesGuard)
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Args('input') input: ChangePasswordInput,
  ): Promise<boolean> {
    await this.auth.changePassword(user, input);
    return true;
  }

  @Mutation(() => MeView)
  @VerifiedEmailRequired()
  @UseGuards(JwtAuthGuard, RolesGuard)
  async becomeHost(@CurrentUser() user: AuthUser): Promise<MeView> {
    return MeView.of(await this.users.becomeHost(user.id));
  }

  @Mutation(() => Boolean, { description: 'Marks the email verified with the token from the link' })
  async verifyEmail(@Args('input') input: VerifyEmailInput): Promise<boolean> {
    await this.verification.verify(input.token);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Emails a new verification link (nothing if verified)' })
  @AuthRateLimit('verification-resend')
  @UseGuards(JwtAuthGuard, RolesGuard)
  async resendVerificationEmail(@CurrentUser() user: AuthUser): Promise<boolean> {
    await this.verification.resend(user);
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Emails a reset link if the email has an account; answers true either way',
  })
  @AuthRateLimit('password-reset')
  async requestPasswordReset(@Args('input') input: ForgotPasswordInput): Promise<boolean> {
    await this.passwordReset.request(input.email);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Sets a new password and signs out every login' })
  @AuthRateLimit('password-reset')
  async resetPassword(@Args('input') input: ResetPasswordInput): Promise<boolean> {
    await this.passwordReset.reset(input.token, input.newPassword);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Closes the account (anonymised; history kept)' })
  @AuthRateLimit('password-check')
  @UseGuards(JwtAuthGuard, RolesGuard)
  async deleteAccount(
    @CurrentUser() user: AuthUser,
    @Args('input') input: DeleteAccountInput,
  ): Promise<boolean> {
    await this.deletion.delete(user, input.password);
    return true;
  }

  @Query(() => PublicUserView)
  async user(
    @Args('id', { type: () => ID }, new ParseUuidPipe()) id: string,
  ): Promise<PublicUserView> {
    return PublicUserView.of(await this.users.get(id));
  }
}
