import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { User } from '../user.entity';

/** What anyone may see of a user. */
@ObjectType('PublicUser')
export class PublicUserView {
  @ApiProperty({ format: 'uuid', example: '3b241101-e2bb-4255-8caf-4136c566a962' })
  @Field(() => ID)
  id: string;
  @ApiProperty({ example: 'Ada' }) @Field() firstName: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://picsum.photos/seed/ada/400/400',
  })
  @Field(() => String, { nullable: true })
  avatarUrl: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Mathematician from London. I love quiet flats near a good bookshop.',
  })
  @Field(() => String, { nullable: true })
  bio: string | null;
  @ApiProperty({ example: false }) @Field() isHost: boolean;
  @ApiProperty({ format: 'date-time', example: '2030-01-15T09:24:11.000Z' })
  @Field()
  createdAt: Date;
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
  @ApiProperty({ example: 'ada@example.com' }) @Field() email: string;
  @ApiProperty({ example: 'Lovelace' }) @Field() lastName: string;
  @ApiProperty({ type: String, nullable: true, example: '+14155550123' })
  @Field(() => String, { nullable: true })
  phone: string | null;
  @ApiProperty({ enum: ['user', 'admin'], example: 'user' }) @Field() role: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2030-01-15T09:31:47.000Z',
  })
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
