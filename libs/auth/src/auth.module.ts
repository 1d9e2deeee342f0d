import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BookingsModule } from '@app/bookings';
import { AppConfig } from '@app/core';
import { NotificationsModule } from '@app/notifications';
import { UsersModule } from '@app/users';
import { AccountDeletionService } from './account-deletion.service';
import { AccountToken } from './account-token.entity';
import { AccountTokens } from './account-tokens';
import { AuthSession } from './auth-session.entity';
import { AuthSessions } from './auth-sessions';
import { AuthService } from './auth.service';
import { EmailVerificationService } from './email-verification.service';
import { accessTokenKey, JwtStrategy } from './jwt.strategy';
import { PasswordResetService } from './password-reset.service';
import { PasswordHasher } from './passwords';

@Module({
  imports: [
    UsersModule,
    NotificationsModule,
    BookingsModule,
    PassportModule,
    TypeOrmModule.forFeature([AuthSession, AccountToken]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: accessTokenKey(config.env.JWT_SECRET!),
        signOptions: { algorithm: 'HS256', expiresIn: config.env.JWT_ACCESS_TTL_SECONDS },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [
    AuthService,
    AuthSessions,
    AccountTokens,
    EmailVerificationService,
    PasswordResetService,
    AccountDeletionService,
    PasswordHasher,
    JwtStrategy,
  ],
  exports: [
    AuthService,
    AuthSessions,
    EmailVerificationService,
    PasswordResetService,
    AccountDeletionService,
    PasswordHasher,
    UsersModule,
  ],
})
export class AuthModule {}
