import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PAGE_SIZE, PageQuery } from '@app/core';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const trimmed = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Why an admin acts: kept in the audit log (and shown to the user where it concerns them). */
@InputType()
export class AdminReasonInput {
  @ApiProperty({ minLength: 3, maxLength: 1000, example: 'Repeated reports of fake listings' })
  @Field()
  @trimmed()
  @IsString()
  @Length(3, 1000)
  reason: string;
}

/** An admin cancels a booking on the guest's or the host's behalf. */
@InputType()
export class AdminCancelBookingInput extends AdminReasonInput {
  @ApiProperty({
    enum: ['guest', 'host'],
    description: "guest: the listing's policy decides the refund; host: a full refund",
    example: 'host',
  })
  @Field()
  @IsIn(['guest', 'host'])
  onBehalfOf: 'guest' | 'host';

  @ApiPropertyOptional({ enum: ['policy', 'full'], default: 'policy', example: 'full' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(['policy', 'full'])
  refund?: 'policy' | 'full';
}

/** `?q=` (email or name prefix) with cursor paging. */
export class AdminUserSearchQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Prefix of the email or of "first last" name, any case',
    example: 'ada lov',
  })
  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(254)
  q?: string;
}

export class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only the entries about this record',
    example: '3b241101-e2bb-4255-8caf-4136c566a962',
  })
  @IsOptional()
  @IsUUID()
  targetId?: string;
}

/** `first` / `after` of a GraphQL list (the REST `limit` / `cursor`). */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  after?: string;
}

@ArgsType()
export class AdminUsersArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(254)
  q?: string;
}

@ArgsType()
export class AuditLogArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUUID()
  targetId?: string;
}
