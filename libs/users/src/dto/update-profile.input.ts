import { Field, InputType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { MultilineText } from '@app/core';

@InputType()
export class UpdateProfileInput {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'Ada' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  firstName?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'Lovelace' })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  lastName?: string;

  @ApiPropertyOptional({ example: '+14155550123' })
  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be in E.164 format, e.g. +14155550123' })
  phone?: string;

  @ApiPropertyOptional({
    format: 'uri',
    example: 'https://picsum.photos/seed/ada/400/400',
  })
  @Field({ nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(2000)
  avatarUrl?: string;

  @ApiPropertyOptional({
    maxLength: 2000,
    example: 'Mathematician from London. I love quiet flats near a good bookshop.',
  })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  bio?: string;
}
