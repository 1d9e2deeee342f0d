import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { BookingEventView, BookingView, PaymentView } from '@app/bookings';
import type { User } from '@app/users';
import type { AdminAuditEntry } from '../admin-audit-entry.entity';

/** Everything an admin sees of an account (never its password hash). */
@ObjectType('AdminUser')
export class AdminUserView {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id: string;
  @ApiProperty() @Field() email: string;
  @ApiProperty() @Field() firstName: string;
  @ApiProperty() @Field() lastName: string;
  @ApiProperty({ enum: ['user', 'admin'] }) @Field() role: string;
  @ApiProperty() @Field() isHost: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Field(() => Date, { nullable: true })
  emailVerifiedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Field(() => Date, { nullable: true })
  suspendedAt: Date | null;
  @ApiProperty({ type: String, nullable: true })
  @Field(() => String, { nullable: true })
  suspensionReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Field(() => Date, { nullable: true })
  deletedAt: Date | null;
  @ApiProperty({ format: 'date-time' }) @Field() createdAt: Date;

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
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id: string;
  @ApiProperty({ format: 'uuid', description: 'The admin who acted' })
  @Field(() => ID)
  actorId: string;
  @ApiProperty({ example: 'user.suspend' }) @Field() action: string;
  @ApiProperty({ enum: ['user', 'listing', 'booking', 'review'] }) @Field() targetType: string;
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) targetId: string;
  @ApiProperty() @Field() reason: string;
  /** Facts of the action (e.g. the previous status); REST only, GraphQL has no JSON scalar here. */
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { previousStatus: 'published' },
  })
  details: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) @Field() createdAt: Date;

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
