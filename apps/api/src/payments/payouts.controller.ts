import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, HostOnly, type AuthUser } from '@app/auth';
import {
  BookingPayouts,
  PayoutAccountView,
  PayoutPageView,
  SetPayoutAccountInput,
} from '@app/bookings';
import { PageQuery } from '@app/core';

@ApiTags('payouts')
@ApiExtraModels(PayoutAccountView)
@Controller('users/me')
@Authenticated()
@HostOnly()
export class PayoutsController {
  constructor(private readonly payouts: BookingPayouts) {}

  @Get('payouts')
  @ApiOperation({
    summary: 'My payouts as a host, latest due first',
    description:
      "One per confirmed booking: the host's share, due 24 h after check-in (listing time zone), transferred to the payout account, lowered or taken back after a refund.",
  })
  @ApiOkResponse({ type: PayoutPageView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_CURSOR' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: not a host' })
  list(@CurrentUser() user: AuthUser, @Query() query: PageQuery): Promise<PayoutPageView> {
    return this.payouts.list(user.id, query);
  }

  @Get('payout-account')
  @ApiOperation({ summary: 'My payout account (null when none is registered)' })
  @ApiOkResponse({
    schema: { nullable: true, allOf: [{ $ref: getSchemaPath(PayoutAccountView) }] },
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: not a host' })
  async account(@CurrentUser() user: AuthUser): Promise<PayoutAccountView | null> {
    return this.payouts.account(user.id);
  }

  @Put('payout-account')
  @ApiOperation({
    summary: 'Register my Stripe Connect account',
    description: 'Payouts already due are paid to it at once; later ones when they fall due.',
  })
  @ApiOkResponse({ type: PayoutAccountView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: not an acct_... id' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: not a host' })
  setAccount(
    @CurrentUser() user: AuthUser,
    @Body() input: SetPayoutAccountInput,
  ): Promise<PayoutAccountView> {
    return this.payouts.setAccount(user.id, input.stripeAccountId);
  }
}
