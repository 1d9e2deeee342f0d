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

  @ApiProperty({
    minLength: 12,
    maxLength: 128,
    description:
      'At least 12 characters, spaces allowed, no composition rules; refused when common or easy to guess (WEAK_PASSWORD)',
    example: 'correct horse battery staple',
  })
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
  @ApiProperty({ example: 'guest@demo.local', description: 'The demo guest under `npm start`' })
  @Field()
  @NormalizedEmail()
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'demo-password-2026' })
  @Field()
  @IsString()
  @MaxLength(128)
  password: string;
}

@InputType()
export class RefreshTokenInput {
  @ApiProperty({
    description: 'The refresh token from login, register or the previous refresh',
    example: '-UOBHRR3Ckm5LabksOGeO4T9UZR9NFTkeex1dads3wo',
  })
  @Field()
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

@InputType()
export class ChangePasswordInput {
  @ApiProperty({ example: 'correct horse battery staple' })
  @Field()
  @IsString()
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty({
    minLength: 12,
    maxLength: 128,
    description:
      'At least 12 characters, spaces allowed, no composition rules; refused when common or easy to guess (WEAK_PASSWORD)',
    example: 'purple monkey dishwasher 42',
  })
  @Field()
  @IsString()
  @MaxLength(128)
  newPassword: string;
}

@InputType()
export class VerifyEmailInput {
  @ApiProperty({
    description: 'The token from the link in the verification email',
    example: 'GUW_OJdQfSBbHhTnypz0b9g8Qy8UVb9IDjkw7Suxr8Y',
  })
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
  @ApiProperty({
    description: 'The token from the link in the password-reset email',
    example: 's5mx7Ve1DDymm5DMYm5e4K24BIaG0EMybXgy0JObvbE',
  })
  @Field()
  @IsString()
  @Length(20, 200)
  token: string;

  @ApiProperty({
    minLength: 12,
    maxLength: 128,
    description:
      'At least 12 characters, spaces allowed, no composition rules; refused when common or easy to guess (WEAK_PASSWORD)',
    example: 'purple monkey dishwasher 42',
  })
  @Field()
  @IsString()
  @MaxLength(128)
  newPassword: string;
}

@InputType()
export class DeleteAccountInput {
  @ApiProperty({
    description: 'The current password, to confirm',
    example: 'correct horse battery staple',
  })
  @Field()
  @IsString()
  @MaxLength(128)
  password: string;
}
