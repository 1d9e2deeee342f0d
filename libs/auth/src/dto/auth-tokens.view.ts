import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { MeView } from '@app/users';

@ObjectType()
export class AuthTokens {
  @ApiProperty({ description: 'JWT for `Authorization: Bearer`' }) @Field() accessToken: string;
  @ApiProperty({ description: 'Opaque, single-use; exchange at /auth/refresh' })
  @Field()
  refreshToken: string;
  @ApiProperty({ example: 'Bearer' }) @Field() tokenType: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds' })
  @Field(() => Int)
  expiresIn: number;
  @ApiProperty({ type: MeView }) @Field(() => MeView) user: MeView;
}
