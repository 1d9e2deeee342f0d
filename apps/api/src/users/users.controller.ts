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
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AccountDeletionService,
  AuthService,
  Authenticated,
  ChangePasswordInput,
  CurrentUser,
  DeleteAccountInput,
  type AuthUser,
} from '@app/auth';
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
  @Authenticated()
  @ApiOkResponse({ type: MeView })
  async me(@CurrentUser() user: AuthUser): Promise<MeView> {
    return MeView.of(await this.users.get(user.id));
  }

  @Patch('me')
  @Authenticated()
  @ApiOkResponse({ type: MeView })
  async updateMe(
    @CurrentUser() user: AuthUser,
    @Body() input: UpdateProfileInput,
  ): Promise<MeView> {
    return MeView.of(await this.users.updateProfile(user.id, input));
  }

  @Delete('me')
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
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'Changed; every other session is signed out and the owner is emailed',
  })
  changePassword(@CurrentUser() user: AuthUser, @Body() input: ChangePasswordInput): Promise<void> {
    return this.auth.changePassword(user, input);
  }

  @Post('me/host')
  @Authenticated()
  @ApiOkResponse({ type: MeView, description: 'The account can now list places' })
  async becomeHost(@CurrentUser() user: AuthUser): Promise<MeView> {
    return MeView.of(await this.users.becomeHost(user.id));
  }

  @Get(':id')
  @ApiOkResponse({ type: PublicUserView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async publicProfile(@Param('id', new ParseUuidPipe()) id: string): Promise<PublicUserView> {
    return PublicUserView.of(await this.users.get(id));
  }
}
