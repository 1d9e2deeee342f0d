import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { normalizeEmail } from '@app/users';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

/** Emails are compared trimmed and lower-cased; normalise before validating. */
const NormalizedEmail = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normalizeEmail(value) : value,
  );

@InputType()
export class RegisterInput {
  @ApiProperty({ example: 'ada@example.com' })
  @Field()
  @NormalizedEmail()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 128, example: 'correct horse battery staple' })
  @Field()
  @IsString()
  @MaxLength(128)
  password: string;

  @ApiProperty({ example: 'Ada' })
  @Field()
  @IsString()
  @Length(1, 100)
  firstName: string;

  @ApiProperty({ example: 'Lovelace' })
  @Field()
  @IsString()
  @Length(1, 100)
  lastName: string;
}

@InputType()
export class LoginInput {
  @ApiProperty({ example: 'ada@example.com' })
  @Field()
  @NormalizedEmail()
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @Field()
  @IsString()
  @MaxLength(128)
  password: string;
}

@InputType()
export class RefreshTokenInput {
  @ApiProperty({ description: 'The refresh token from login, register or the previous refresh' })
  @Field()
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

@InputType()
export class ChangePasswordInput {
  @ApiProperty()
  @Field()
  @IsString()
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @Field()
  @IsString()
  @MaxLength(128)
  newPassword: string;
}

@InputType()
export class VerifyEmailInput {
  @ApiProperty({ description: 'The token from the link in the verification email' })
  @Field()
  @IsString()
  @Length(20, 200)
  token: string;
}

@InputType()
export class ForgotPasswordInput {
  @ApiProperty({ example: 'ada@example.com' })
  @Field()
  @NormalizedEmail()
  @IsEmail()
  @MaxLength(254)
  email: string;
}

@InputType()
export class ResetPasswordInput {
  @ApiProperty({ description: 'The token from the link in the password-reset email' })
  @Field()
  @IsString()
  @Length(20, 200)
  token: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @Field()
  @IsString()
  @MaxLength(128)
  newPassword: string;
}

@InputType()
export class DeleteAccountInput {
  @ApiProperty({ description: 'The current password, to confirm' })
  @Field()
  @IsString()
  @MaxLength(128)
  password: string;
}
