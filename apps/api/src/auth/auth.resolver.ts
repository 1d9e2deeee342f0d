import { ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  AuthService,
  AuthTokens,
  ChangePasswordInput,
  CurrentUser,
  JwtAuthGuard,
  LoginInput,
  RefreshTokenInput,
  RegisterInput,
  RolesGuard,
  type AuthUser,
} from '@app/auth';
import { MeView, PublicUserView, UpdateProfileInput, UsersService } from '@app/users';

/** GraphQL twin of the auth and users REST routes: the same services, the same errors. */
@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Mutation(() => AuthTokens)
  register(@Args('input') input: RegisterInput): Promise<AuthTokens> {
    return this.auth.register(input);
  }

  @Mutation(() => AuthTokens)
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
  @UseGuards(JwtAuthGuard, RolesGuard)
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Args('input') input: ChangePasswordInput,
  ): Promise<boolean> {
    await this.auth.changePassword(user, input);
    return true;
  }

  @Mutation(() => MeView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  async becomeHost(@CurrentUser() user: AuthUser): Promise<MeView> {
    return MeView.of(await this.users.becomeHost(user.id));
  }

  @Query(() => PublicUserView)
  async user(
    @Args('id', { type: () => ID }, new ParseUUIDPipe()) id: string,
  ): Promise<PublicUserView> {
    return PublicUserView.of(await this.users.get(id));
  }
}
