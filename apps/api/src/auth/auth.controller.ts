import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthService, AuthTokens, LoginInput, RefreshTokenInput, RegisterInput } from '@app/auth';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @ApiCreatedResponse({ type: AuthTokens, description: 'The account and a first session' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED or WEAK_PASSWORD' })
  register(
    @Body() input: RegisterInput,
    @Headers('user-agent') userAgent?: string,
  ): Promise<AuthTokens> {
    return this.auth.register(input, userAgent);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AuthTokens })
  @ApiUnauthorizedResponse({
    description: 'INVALID_CREDENTIALS (same answer for an unknown email and a wrong password)',
  })
  login(@Body() input: LoginInput, @Headers('user-agent') userAgent?: string): Promise<AuthTokens> {
    return this.auth.login(input, userAgent);
  }

  @Post('refresh')
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
    @Headers('user-agent') userAgent?: string,
  ): Promise<AuthTokens> {
    return this.auth.refresh(input.refreshToken, userAgent);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'The login that issued this refresh token is signed out (idempotent)',
  })
  logout(@Body() input: RefreshTokenInput): Promise<void> {
    return this.auth.logout(input.refreshToken);
  }
}
