import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AccountDeletionService,
  AuthService,
  Authenticated,
  ChangePasswordInput,
  CurrentUser,
  DeleteAccountInput,
  VerifiedEmailRequired,
  type AuthUser,
} from '@app/auth';
import { AuthRateLimit } from '../auth/auth-rate-limit';
import { MeView, PublicUserView, UpdateProfileInput, UsersService } from '@app/users';
import { ParseUuidPipe } from '../http/uuid-param';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly deletion: AccountDeletionService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'My account' })
  @Authenticated()
  @ApiOkResponse({ type: MeView })
  async me(@CurrentUser() user: AuthUser): Promise<MeView> {
    return MeView.of(await this.users.get(user.id));
  }

  @Patch('me')
  @ApiOperation({ summary: 'Update my profile' })
  @Authenticated()
  @ApiOkResponse({ type: MeView })
  async updateMe(
    @CurrentUser() user: AuthUser,
    @Body() input: UpdateProfileInput,
  ): Promise<MeView> {
    return MeView.of(await this.users.updateProfile(user.id, input));
  }

  @Delete('me')
  @AuthRateLimit('password-check')
  @ApiOperation({ summary: "Delete my account (anonymised; bookings' history kept)" })
  // Above @Authenticated(): the topmost description of a status wins.
  @ApiUnauthorizedResponse({
    description: 'UNAUTHENTICATED, or INVALID_CREDENTIALS: the password is wrong',
  })
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description:
      'Account closed: personal data anonymised, every login signed out; bookings and reviews keep their history',
  })
  deleteMe(@CurrentUser() user: AuthUser, @Body() input: DeleteAccountInput): Promise<void> {
    return this.deletion.delete(user, input.password);
  }

  @Post('me/password')
  @AuthRateLimit('password-check')
  @ApiOperation({ summary: 'Change my password' })
  // Above @Authenticated(): the topmost description of a status wins.
  @ApiUnauthorizedResponse({
    description: 'UNAUTHENTICATED, or INVALID_CREDENTIALS: the current password is wrong',
  })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED, or WEAK_PASSWORD: the new one is too weak',
  })
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'Changed; every other session is signed out and the owner is emailed',
  })
  changePassword(@CurrentUser() user: AuthUser, @Body() input: ChangePasswordInput): Promise<void> {
    return this.auth.changePassword(user, input);
  }

  @Post('me/host')
  @VerifiedEmailRequired()
  @ApiOperation({ summary: 'Become a host' })
  @Authenticated()
  // An action on the existing account, not a new resource.
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: MeView, description: 'The account can now list places' })
  async becomeHost(@CurrentUser() user: AuthUser): Promise<MeView> {
    return MeView.of(await this.users.becomeHost(user.id));
  }

  @Get(':id')
  @ApiOperation({ summary: "A user's public profile" })
  @ApiOkResponse({ type: PublicUserView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async publicProfile(@Param('id', new ParseUuidPipe()) id: string): Promise<PublicUserView> {
    return PublicUserView.of(await this.users.get(id));
  }
}
