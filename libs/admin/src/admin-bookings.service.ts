import { Injectable } from '@nestjs/common';
import { BookingEventView, BookingsService, BookingView, PaymentView } from '@app/bookings';
import { AdminAudit } from './admin-audit.service';
import type { AdminActor } from './admin-users.service';
import type { AdminCancelBookingInput } from './dto/admin.inputs';

export interface AdminBooking {
  booking: BookingView;
  payments: PaymentView[];
  events: BookingEventView[];
}

/** An admin reads any booking with its money and history, and cancels one on a party's behalf. */
@Injectable()
export class AdminBookingsService {
  constructor(
    private readonly bookings: BookingsService,
    private readonly audit: AdminAudit,
  ) {}

  async get(admin: AdminActor, id: string): Promise<AdminBooking> {
    const actor = { id: admin.id, role: 'admin' as const };
    const [booking, payments, events] = await Promise.all([
      this.bookings.get(actor, id),
      this.bookings.payments(actor, id),
      this.bookings.history(id),
    ]);
    return { booking, payments, events };
  }

  /**
   * Cancels as the guest would (the policy's refund) or as the host would (a
   * full refund); `refund: 'full'` refunds everything either way. The audit
   * entry commits with the cancellation.
   */
  async cancel(
    admin: AdminActor,
    id: string,
    input: AdminCancelBookingInput,
  ): Promise<AdminBooking> {
    await this.bookings.cancel(
      { id: admin.id, role: 'admin' },
      id,
      { reason: input.reason },
      {
        as: input.onBehalfOf,
        fullRefund: input.refund === 'full',
        audit: (manager) =>
          this.audit.record(manager, {
            actorId: admin.id,
            action: 'booking.cancel',
            targetType: 'booking',
            targetId: id,
            reason: input.reason,
            details: { onBehalfOf: input.onBehalfOf, refund: input.refund },
          }),
      },
    );
    return this.get(admin, id);
  }
}
