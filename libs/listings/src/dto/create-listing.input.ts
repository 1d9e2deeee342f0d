import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { PROPERTY_TYPES, type PropertyType } from '../listing-catalogue';
import { IsCurrency } from '../listing-validators';
import { ListingFieldsInput } from './listing-fields.input';

/** A new listing starts as a draft; only title, property type and currency are required. */
@InputType()
export class CreateListingInput extends ListingFieldsInput {
  @ApiProperty({ example: 'Sunny canal-side loft', minLength: 3, maxLength: 120 })
  @Field()
  @IsString()
  @Length(3, 120)
  title: string;

  @ApiProperty({ enum: PROPERTY_TYPES, example: 'entire_home' })
  @Field(() => String)
  @IsIn(PROPERTY_TYPES)
  propertyType: PropertyType;

  @ApiProperty({ description: 'ISO 4217; prices are minor units of it', example: 'EUR' })
  @Field()
  @IsCurrency()
  currency: string;
}
