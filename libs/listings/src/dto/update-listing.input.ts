import { Field, InputType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PROPERTY_TYPES, type PropertyType } from '../listing-catalogue';
import { IsCurrency } from '../listing-validators';
import { ListingFieldsInput } from './listing-fields.input';

/** A partial change; `photos`, when given, replaces the whole ordered list. */
@InputType()
export class UpdateListingInput extends ListingFieldsInput {
  @ApiPropertyOptional({
    example: 'Sunny canal-side loft with balcony',
    minLength: 3,
    maxLength: 120,
  })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(3, 120)
  title?: string;

  @ApiPropertyOptional({ enum: PROPERTY_TYPES, example: 'private_room' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(PROPERTY_TYPES)
  propertyType?: PropertyType;

  @ApiPropertyOptional({ example: 'EUR' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCurrency()
  currency?: string;
}
