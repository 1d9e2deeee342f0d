import { UseGuards } from '@nestjs/common';
import { Args, Context, ID, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CurrentUser, HostOnly, JwtAuthGuard, RolesGuard, type AuthUser } from '@app/auth';
import {
  AMENITIES,
  AmenityView,
  BlockDatesInput,
  CalendarBlockView,
  CreateListingInput,
  ListingCalendar,
  ListingCalendarView,
  ListingsService,
  ListingView,
  UpdateListingInput,
} from '@app/listings';
import { PublicUserView } from '@app/users';
import { selects } from '../graphql/selection';
import { ListingConnectionType } from './listing-connection.types';
import { ListingLoaders } from './listing-loaders';
import { ConnectionArgs, ListingCalendarArgs, ListingsArgs } from './listings.args';
import { OptionalAuthGuard } from './optional-auth.guard';
import { ParseUuidPipe } from '../http/uuid-param';

const Uuid = () => new ParseUuidPipe();

/** GraphQL twin of the listings REST routes: the same services, the same errors. */
@Resolver(() => ListingView)
export class ListingsResolver {
  constructor(
    private readonly service: ListingsService,
    private readonly calendar: ListingCalendar,
    private readonly loaders: ListingLoaders,
  ) {}

  @Query(() => ListingView)
  @UseGuards(OptionalAuthGuard)
  async listing(
    @Args('id', { type: () => ID }, Uuid()) id: string,
    @CurrentUser() user?: AuthUser,
  ): Promise<ListingView> {
    return (await this.service.get(id, user)).value;
  }

  @Query(() => ListingConnectionType, {
    name: 'listings',
    description: 'Search published listings',
  })
  async search(
    @Args() args: ListingsArgs,
    @Context() context: object,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ListingConnectionType> {
    const { value } = await this.service.search(args.filter ?? {}, args.sort, {
      limit: args.first,
      cursor: args.after,
    });
    // The page's hosts in one call now, so each row reads its host without a promise.
    if (selects(info, ['edges', 'node', 'host']))
      await this.loaders.preloadHosts(
        context,
        value.edges.map((e) => e.node.hostId),
      );
    return ListingConnectionType.of(value);
  }

  @Query(() => ListingConnectionType)
  @UseGuards(JwtAuthGuard, RolesGuard)
  async myListings(
    @CurrentUser() user: AuthUser,
    @Args() args: ConnectionArgs,
  ): Promise<ListingConnectionType> {
    return ListingConnectionType.of(
      await this.service.mine(user, { limit: args.first, cursor: args.after }),
    );
  }

  @Query(() => ListingCalendarView)
  @UseGuards(OptionalAuthGuard)
  listingCalendar(
    @Args() args: ListingCalendarArgs,
    @CurrentUser() user?: AuthUser,
  ): Promise<ListingCalendarView> {
    return this.calendar.calendar(args.listingId, args.from, args.to, user);
  }

  @Query(() => [AmenityView])
  amenities(): AmenityView[] {
    return [...AMENITIES];
  }

  @Mutation(() => ListingView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  @HostOnly()
  createListing(
    @CurrentUser() user: AuthUser,
    @Args('input') input: CreateListingInput,
  ): Promise<ListingView> {
    return this.service.create(user, input);
  }

  @Mutation(() => ListingView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  updateListing(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, Uuid()) id: string,
    @Args('input') input: UpdateListingInput,
  ): Promise<ListingView> {
    return this.service.update(user, id, input);
  }

  @Mutation(() => ListingView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  publishListing(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, Uuid()) id: string,
  ): Promise<ListingView> {
    return this.service.publish(user, id);
  }

  @Mutation(() => ListingView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  unpublishListing(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, Uuid()) id: string,
  ): Promise<ListingView> {
    return this.service.unpublish(user, id);
  }

  @Mutation(() => ListingView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  archiveListing(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, Uuid()) id: string,
  ): Promise<ListingView> {
    return this.service.archive(user, id);
  }

  @Mutation(() => CalendarBlockView)
  @UseGuards(JwtAuthGuard, RolesGuard)
  blockDates(
    @CurrentUser() user: AuthUser,
    @Args('listingId', { type: () => ID }, Uuid()) listingId: string,
    @Args('input') input: BlockDatesInput,
  ): Promise<CalendarBlockView> {
    return this.calendar.block(user, listingId, input);
  }

  @Mutation(() => Boolean)
  @UseGuards(JwtAuthGuard, RolesGuard)
  async unblockDates(
    @CurrentUser() user: AuthUser,
    @Args('listingId', { type: () => ID }, Uuid()) listingId: string,
    @Args('blockId', { type: () => ID }, Uuid()) blockId: string,
  ): Promise<boolean> {
    await this.calendar.unblock(user, listingId, blockId);
    return true;
  }

  /**
   * Without parameter decorators Nest calls this as a plain GraphQL resolver
   * (parent, args, context), skipping the per-call pipe chain: it runs once per
   * row of a page, and its parent is the API's own output, not input to validate.
   */
  @ResolveField('host', () => PublicUserView, { nullable: true })
  host(
    listing: ListingView,
    _args: unknown,
    context: object,
  ): PublicUserView | null | Promise<PublicUserView | null> {
    return this.loaders.host(context, listing.hostId);
  }
}
