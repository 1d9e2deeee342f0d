import { UseGuards } from '@nestjs/common';
import {
  Args,
  ArgsType,
  Context,
  Field,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  CurrentUser,
  JwtAuthGuard,
  RolesGuard,
  VerifiedEmailRequired,
  type AuthUser,
} from '@app/auth';
import {
  BOOKING_ROLES,
  BookingLifecycle,
  BookingPageView,
  BookingsService,
  BookingView,
  CancelBookingInput,
  CreateBookingInput,
  PaymentView,
  QuoteQuery,
  QuoteView,
  SimulatePaymentInput,
  type BookingRole,
} from '@app/bookings';
import { ListingsService, ListingView } from '@app/listings';
import { PublicUserView } from '@app/users';
import DataLoader from 'dataloader';
import { ListingLoaders } from '../listings/listing-loaders';
import { ConnectionArgs } from '../listings/listings.args';
import { ParseUuidPipe } from '../http/uuid-param';

const Uuid = () => new ParseUuidPipe();

@ArgsType()
class MyBookingsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'guest (default) or host' })
  @IsOptional()
  @IsIn(BOOKING_ROLES)
  role?: BookingRole;
}

@ArgsType()
class QuoteArgs extends QuoteQuery {
  @Field(() => ID)
  @IsUUID()
  listingId: string;
}

/** One DataLoader of listing views per GraphQL operation. */
const listingLoaders = new WeakMap<object, DataLoader<string, ListingView | null>>();

/** GraphQL twin of the booking routes: the same services, the same errors. */
@Resolver(() => BookingView)
export class BookingsResolver {
  constructor(
    private readonly bookings: BookingsService,
    private readonly lifecycle: BookingLifecycle,
    private readonly listings: ListingsService,
    private readonly loaders: ListingLoaders,
  ) {}

  @Query(() => QuoteView, { description: 'Price a stay at a published listing' })
  quote(@Args() { listingId, ...stay }: QuoteArgs): Promise<QuoteView> {
    return this.bookings.quote(listingId, stay);
  }

  @Query(() => BookingView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  booking(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, Uuid()) id: string,
  ): Promise<BookingView> {
    return this.bookings.get(user, id);
  }

  @Query(() => BookingPageView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  myBookings(@CurrentUser() user: AuthUser, @Args() args: MyBookingsArgs) {
    return this.bookings.list(user, { role: args.role, limit: args.first, cursor: args.after });
  }

  @Mutation(() => BookingView)
  @VerifiedEmailRequired()
  @UseGuards(JwtAuthGuard, RolesGuard)
  createBooking(@CurrentUser() user: AuthUser, @Args('input') input: CreateBookingInput) {
    return this.bookings.create(user, input);
  }

  @Mutation(() => BookingView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  acceptBooking(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }, Uuid()) id: string) {
    return this.bookings.accept(user, id);
  }

  @Mutation(() => BookingView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  declineBooking(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, Uuid()) id: string,
  ) {
    return this.bookings.decline(user, id);
  }

  @Mutation(() => BookingView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  cancelBooking(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, Uuid()) id: string,
    @Args('input', { nullable: true }) input?: CancelBookingInput,
  ) {
    return this.bookings.cancel(user, id, input ?? {});
  }

  @Mutation(() => BookingView, { description: 'Local payment provider only: play the card holder' })
  @UseGuards(JwtAuthGuard, RolesGuard)
  async simulatePayment(
    @CurrentUser() user: AuthUser,
    @Args('paymentId', { type: () => ID }, Uuid()) paymentId: string,
    @Args('input') input: SimulatePaymentInput,
  ) {
    const bookingId = await this.lifecycle.simulate(
      user.id,
      paymentId,
      input.outcome,
      input.clientSecret,
    );
    return this.bookings.get(user, bookingId);
  }

  @ResolveField('listing', () => ListingView, { nullable: true })
  listing(@Parent() booking: BookingView, @Context() context: object) {
    let loader = listingLoaders.get(context);
    if (!loader) {
      loader = new DataLoader(async (ids: readonly string[]) => {
        const views = await this.listings.viewsByIds(ids);
        return ids.map((id) => views.find((v) => v.id === id) ?? null);
      });
      listingLoaders.set(context, loader);
    }
    return loader.load(booking.listingId);
  }

  @ResolveField('guest', () => PublicUserView, { nullable: true })
  guest(@Parent() booking: BookingView, @Context() context: object) {
    return this.loaders.for(context).hosts.load(booking.guestId);
  }

  @ResolveField('host', () => PublicUserView, { nullable: true })
  host(@Parent() booking: BookingView, @Context() context: object) {
    return this.loaders.for(context).hosts.load(booking.hostId);
  }

  @ResolveField('payments', () => [PaymentView])
  payments(@Parent() booking: BookingView, @CurrentUser() user: AuthUser) {
    return this.bookings.payments(user, booking.id);
  }
}
