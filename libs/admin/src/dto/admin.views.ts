import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { BookingEventView, BookingView, PaymentView } from '@app/bookings';
import type { User } from '@app/users';
import type { AdminAuditEntry } from '../admin-audit-entry.entity';

/** Everything an admin sees of an account (never its password hash). */
@ObjectType('AdminUser')
export class AdminUserView {
  @ApiProperty({ format: 'uuid', example: '3b241101-e2bb-4255-8caf-4136c566a962' })
  @Field(() => ID)
  id: string;
  @ApiProperty({ example: 'ada@example.com' }) @Field() email: string;
  @ApiProperty({ example: 'Ada' }) @Field() firstName: string;
  @ApiProperty({ example: 'Lovelace' }) @Field() lastName: string;
  @ApiProperty({ enum: ['user', 'admin'], example: 'user' }) @Field() role: string;
  @ApiProperty({ example: false }) @Field() isHost: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2030-01-15T09:31:47.000Z',
  })
  @Field(() => Date, { nullable: true })
  emailVerifiedAt: Date | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2030-05-21T08:02:30.000Z',
  })
  @Field(() => Date, { nullable: true })
  suspendedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: 'Repeated reports of fake listings' })
  @Field(() => String, { nullable: true })
  suspensionReason: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2030-06-30T17:45:00.000Z',
  })
  @Field(() => Date, { nullable: true })
  deletedAt: Date | null;
  @ApiProperty({ format: 'date-time', example: '2030-01-15T09:24:11.000Z' })
  @Field()
  createdAt: Date;

  static of(user: User): AdminUserView {
    return {
      id: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      role: user.role,
      isHost: user.isHost,
      emailVerifiedAt: user.emailVerifiedAt,
      suspendedAt: user.suspendedAt,
      suspensionReason: user.suspensionReason,
      deletedAt: user.deletedAt,
      createdAt: user.createdAt,
    };
  }
}

@ObjectType('AdminAuditEntry')
export class AuditEntryView {
  @ApiProperty({ format: 'uuid', example: 'e4d909c2-90d0-4f3b-8a6e-1b2c3d4e5f60' })
  @Field(() => ID)
  id: string;
  @ApiProperty({
    format: 'uuid',
    description: 'The admin who acted',
    example: '0d6f3a2b-8c4e-4f1a-9b7d-2e5c8a1f3b94',
  })
  @Field(() => ID)
  actorId: string;
  @ApiProperty({ example: 'user.suspend' }) @Field() action: string;
  @ApiProperty({ enum: ['user', 'listing', 'booking', 'review'], example: 'user' })
  @Field()
  targetType: string;
  @ApiProperty({ format: 'uuid', example: '3b241101-e2bb-4255-8caf-4136c566a962' })
  @Field(() => ID)
  targetId: string;
  @ApiProperty({ example: 'Repeated reports of fake listings' }) @Field() reason: string;
  /** Facts of the action (e.g. the previous status); REST only, GraphQL has no JSON scalar here. */
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { previousStatus: 'published' },
  })
  details: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', example: '2030-05-21T08:02:30.000Z' })
  @Field()
  createdAt: Date;

  static of(entry: AdminAuditEntry): AuditEntryView {
    return {
      id: entry.id,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      reason: entry.reason,
      details: entry.details,
      createdAt: entry.createdAt,
    };
  }
}

@ObjectType('AdminBooking')
export class AdminBookingView {
  @ApiProperty({ type: BookingView }) @Field(() => BookingView) booking: BookingView;
  @ApiProperty({ type: [PaymentView], description: 'With their refunds' })
  @Field(() => [PaymentView])
  payments: PaymentView[];
  @ApiProperty({ type: [BookingEventView], description: 'Every transition, oldest first' })
  @Field(() => [BookingEventView])
  events: BookingEventView[];
}
