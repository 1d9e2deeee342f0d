import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { UsersController } from '../users/users.controller';
import { AuthRateLimiter, AuthRateLimitGuard } from './auth-rate-limit';
import { AuthController } from './auth.controller';
import { AuthResolver } from './auth.resolver';

/** HTTP and GraphQL faces of accounts and sign-in. */
@Module({
  imports: [AuthModule],
  controllers: [AuthController, UsersController],
  providers: [AuthResolver, AuthRateLimiter, AuthRateLimitGuard],
})
export class AuthApiModule {}
