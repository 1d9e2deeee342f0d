import { Injectable } from '@nestjs/common';
import { toDecimalString, type Money } from '@app/core';
import { NotificationOutbox, type EmailTemplateName } from '@app/notifications';
import type { EntityManager } from 'typeorm';
import type { Booking } from './booking.entity';

interface Party {
  email: string;
  first_name: string;
  last_name: string;
}

const show = (m: Money) => `${toDecimalString(m)} ${m.currency}`;

/** The emails of a booking's life, written to the outbox inside the transition's transaction. */
@Injectable()
export class BookingEmails {
  constructor(private readonly outbox: NotificationOutbox) {}

  /** Queues `template` to the guest and/or host; returns the outbox ids to dispatch after commit. */
  async send(
    manager: EntityManager,
    booking: Booking,
    mails: { to: 'guest' | 'host'; template: EmailTemplateName; data?: Record<string, string> }[],
  ): Promise<string[]> {
    if (mails.length === 0) return [];
    const rows = (await manager.query(
      `SELECT u.id, u.email, u.first_name, u.last_name, u.deleted_at, l.title
         FROM users u, listings l
        WHERE u.id IN ($1, $2) AND l.id = $3`,
      [booking.guestId, booking.hostId, booking.listingId],
    )) as (Party & { id: string; title: string; deleted_at: Date | null })[];
    const guest = rows.find((r) => r.id === booking.guestId);
    const host = rows.find((r) => r.id === booking.hostId);
    const ids: string[] = [];
    for (const mail of mails) {
      const person = mail.to === 'guest' ? guest : host;
      // An anonymised (deleted) account has no address to write to.
      if (!person || person.deleted_at) continue;
      ids.push(
        await this.outbox.enqueueEmail(manager, {
          to: person.email,
          template: mail.template,
          correlationId: booking.id,
          data: {
            firstName: person.first_name,
            listingTitle: rows[0].title,
            checkIn: booking.checkIn,
            checkOut: booking.checkOut,
            bookingId: booking.id,
            guestName: guest ? `${guest.first_name} ${guest.last_name}`.trim() : 'A guest',
            total: show({ amount: booking.total, currency: booking.currency }),
            payout: show({ amount: booking.hostPayout, currency: booking.currency }),
            deadline: booking.deadlineAt?.toISOString() ?? '',
            ...mail.data,
          },
        }),
      );
    }
    return ids;
  }

  dispatch(ids: string[]): Promise<void> {
    return this.outbox.dispatch(ids);
  }
}

export { show as showMoney };
