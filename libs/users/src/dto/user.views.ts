import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { User } from '../user.entity';

/** What anyone may see of a user. */
@ObjectType('PublicUser')
export class PublicUserView {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id: string;
  @ApiProperty() @Field() firstName: string;
  @ApiProperty({ type: String, nullable: true })
  @Field(() => String, { nullable: true })
  avatarUrl: string | null;
  @ApiProperty({ type: String, nullable: true }) @Field(() => String, { nullable: true }) bio:
    string | null;
  @ApiProperty() @Field() isHost: boolean;
  @ApiProperty({ format: 'date-time' }) @Field() createdAt: Date;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 4.9,
    description: 'Average overall rating from hosts (null before the first review)',
  })
  @Field(() => Float, { nullable: true })
  guestRatingAverage: number | null;
  @ApiProperty({ example: 7, description: 'Published reviews from hosts' })
  @Field(() => Int)
  guestRatingCount: number;

  static of(user: User): PublicUserView {
    return {
      id: user.id,
      firstName: user.firstName,
      avatarUrl: user.avatarUrl,
      bio: user.bio,
      isHost: user.isHost,
      createdAt: user.createdAt,
      guestRatingAverage: user.guestRatingAvg,
      guestRatingCount: user.guestRatingCount,
    };
  }
}

/** What the account owner sees of themselves. */
@ObjectType('Me')
export class MeView extends PublicUserView {
  @ApiProperty() @Field() email: string;
  @ApiProperty() @Field() lastName: string;
  @ApiProperty({ type: String, nullable: true }) @Field(() => String, { nullable: true }) phone:
    string | null;
  @ApiProperty({ enum: ['user', 'admin'] }) @Field() role: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Field(() => Date, { nullable: true })
  emailVerifiedAt: Date | null;

  static override of(user: User): MeView {
    return {
      ...PublicUserView.of(user),
      email: user.email,
      lastName: user.lastName,
      phone: user.phone,
      role: user.role,
      emailVerifiedAt: user.emailVerifiedAt,
    };
  }
}
