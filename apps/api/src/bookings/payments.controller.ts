import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthUser } from '@app/auth';
import {
  BookingLifecycle,
  BookingsService,
  BookingView,
  SimulatePaymentInput,
} from '@app/bookings';
import { ParseUuidPipe } from '../http/uuid-param';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly lifecycle: BookingLifecycle,
    private readonly bookings: BookingsService,
  ) {}

  @Post(':id/simulate')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Play the card holder (local payment provider only)',
    description:
      "With PAYMENTS_PROVIDER=local, the booking's guest pays (`succeed`: charged for instant book, authorised for a request) or is declined (`fail`, may try again before the deadline), with the clientSecret from POST /bookings.",
  })
  @ApiOkResponse({ type: BookingView })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: wrong client secret' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND, LOCAL_PAYMENTS_ONLY' })
  @ApiConflictResponse({ description: 'INVALID_STATE: the booking no longer takes a payment' })
  async simulate(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Body() input: SimulatePaymentInput,
  ): Promise<BookingView> {
    const bookingId = await this.lifecycle.simulate(user.id, id, input.outcome, input.clientSecret);
    return this.bookings.get(user, bookingId);
  }
}
