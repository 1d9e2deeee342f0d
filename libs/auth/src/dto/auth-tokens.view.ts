import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { MeView } from '@app/users';

@ObjectType()
export class AuthTokens {
  @ApiProperty({
    description: 'JWT for `Authorization: Bearer`',
    example:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzYjI0MTEwMS1lMmJiLTQyNTUtOGNhZi00MTM2YzU2NmE5NjIiLCJzaWQiOiI4ZDFmNWMzYS0yZTRiLTRhN2MtOWY2MC0xYjNkNWU3YTljMmYiLCJyb2xlIjoidXNlciIsImlhdCI6MTkwNTUxNzkyNSwiZXhwIjoxOTA1NTE4ODI1fQ.5nqthyorunZlEK08CYh1QxkLRQe9EUyej3uT4caQb8U',
  })
  @Field()
  accessToken: string;
  @ApiProperty({
    description: 'Opaque, single-use; exchange at /auth/refresh',
    example: '-UOBHRR3Ckm5LabksOGeO4T9UZR9NFTkeex1dads3wo',
  })
  @Field()
  refreshToken: string;
  @ApiProperty({ example: 'Bearer' }) @Field() tokenType: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds', example: 900 })
  @Field(() => Int)
  expiresIn: number;
  @ApiProperty({ type: MeView }) @Field(() => MeView) user: MeView;
}
