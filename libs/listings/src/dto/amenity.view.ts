import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

@ObjectType('Amenity')
export class AmenityView {
  @ApiProperty({ example: 'wifi' }) @Field() code: string;
  @ApiProperty({ example: 'Wi-Fi' }) @Field() label: string;
  @ApiProperty({ example: 'essentials' }) @Field() category: string;
}
