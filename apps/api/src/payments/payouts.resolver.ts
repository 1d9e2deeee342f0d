import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, HostOnly, JwtAuthGuard, RolesGuard, type AuthUser } from '@app/auth';
import {
  BookingPayouts,
  PayoutAccountView,
  PayoutPageView,
  SetPayoutAccountInput,
} from '@app/bookings';
import { ConnectionArgs } from '../listings/listings.args';

/** GraphQL twin of the payout routes. */
@Resolver(() => PayoutAccountView)
@UseGuards(JwtAuthGuard, RolesGuard)
@HostOnly()
export class PayoutsResolver {
  constructor(private readonly payouts: BookingPayouts) {}

  @Query(() => PayoutPageView, { description: 'My payouts as a host, latest due first' })
  myPayouts(@CurrentUser() user: AuthUser, @Args() args: ConnectionArgs): Promise<PayoutPageView> {
    return this.payouts.list(user.id, { limit: args.first, cursor: args.after });
  }

  @Query(() => PayoutAccountView, { nullable: true, description: 'My payout account' })
  payoutAccount(@CurrentUser() user: AuthUser): Promise<PayoutAccountView | null> {
    return this.payouts.account(user.id);
  }

  @Mutation(() => PayoutAccountView, { description: 'Register my Stripe Connect account' })
  setPayoutAccount(
    @CurrentUser() user: AuthUser,
    @Args('input') input: SetPayoutAccountInput,
  ): Promise<PayoutAccountView> {
    return this.payouts.setAccount(user.id, input.stripeAccountId);
  }
}
