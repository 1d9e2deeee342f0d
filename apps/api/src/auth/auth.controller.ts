import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  AuthService,
  AuthTokens,
  CurrentUser,
  EmailVerificationService,
  ForgotPasswordInput,
  LoginInput,
  PasswordResetService,
  RefreshTokenInput,
  RegisterInput,
  ResetPasswordInput,
  VerifyEmailInput,
  type AuthUser,
} from '@app/auth';
import { RequestHeader } from '../openapi/request-header';
import { AuthRateLimit } from './auth-rate-limit';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly verification: EmailVerificationService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account' })
  @AuthRateLimit('register')
  @ApiCreatedResponse({
    type: AuthTokens,
    description: 'The account and a first session; a verification link is emailed',
  })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED or WEAK_PASSWORD' })
  register(
    @Body() input: RegisterInput,
    @RequestHeader('user-agent') userAgent?: string,
  ): Promise<AuthTokens> {
    return this.auth.register(input, userAgent);
  }

  @Post('login')
  @ApiOperation({ summary: 'Sign in with email and password' })
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit('login')
  @ApiOkResponse({ type: AuthTokens })
  @ApiUnauthorizedResponse({
    description: 'INVALID_CREDENTIALS (same answer for an unknown email and a wrong password)',
  })
  @ApiForbiddenResponse({ description: 'ACCOUNT_SUSPENDED: an administrator suspended it' })
  login(
    @Body() input: LoginInput,
    @RequestHeader('user-agent') userAgent?: string,
  ): Promise<AuthTokens> {
    return this.auth.login(input, userAgent);
  }

  @Post('refresh')
  @ApiOperation({ summary: 'Swap a refresh token for new tokens' })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: AuthTokens,
    description: 'New tokens; the presented refresh token is spent',
  })
  @ApiUnauthorizedResponse({
    description:
      'Unknown, expired, revoked or reused refresh token (reuse signs out the whole login)',
  })
  refresh(
    @Body() input: RefreshTokenInput,
    @RequestHeader('user-agent') userAgent?: string,
  ): Promise<AuthTokens> {
    return this.auth.refresh(input.refreshToken, userAgent);
  }

  @Post('logout')
  @ApiOperation({ summary: 'Sign out this login' })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'The login that issued this refresh token is signed out (idempotent)',
  })
  logout(@Body() input: RefreshTokenInput): Promise<void> {
    return this.auth.logout(input.refreshToken);
  }

  @Post('verify-email')
  @ApiOperation({ summary: 'Verify an email address with the mailed token' })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The email address is verified' })
  @ApiBadRequestResponse({ description: 'INVALID_TOKEN: unknown, expired or used link' })
  verifyEmail(@Body() input: VerifyEmailInput): Promise<void> {
    return this.verification.verify(input.token);
  }

  @Post('verify-email/resend')
  @AuthRateLimit('verification-resend')
  @ApiOperation({ summary: 'Send the verification email again' })
  @Authenticated()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    description: 'A new link is emailed (the previous one stops working); nothing if verified',
  })
  resendVerification(@CurrentUser() user: AuthUser): Promise<void> {
    return this.verification.resend(user);
  }

  @Post('password/forgot')
  @ApiOperation({ summary: 'Email a password reset link' })
  @HttpCode(HttpStatus.ACCEPTED)
  @AuthRateLimit('password-reset')
  @ApiAcceptedResponse({
    description:
      'If the email has an account, a reset link valid for one hour is emailed; the answer is the same either way',
  })
  forgotPassword(@Body() input: ForgotPasswordInput): Promise<void> {
    return this.passwordReset.request(input.email);
  }

  @Post('password/reset')
  @ApiOperation({ summary: 'Set a new password with the mailed token' })
  @HttpCode(HttpStatus.NO_CONTENT)
  @AuthRateLimit('password-reset')
  @ApiNoContentResponse({
    description: 'Password set; every login of the account is signed out and the owner emailed',
  })
  @ApiBadRequestResponse({ description: 'INVALID_TOKEN or WEAK_PASSWORD' })
  resetPassword(@Body() input: ResetPasswordInput): Promise<void> {
    return this.passwordReset.reset(input.token, input.newPassword);
  }
}
