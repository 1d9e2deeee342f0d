import { UseGuards } from '@nestjs/common';
import { Args, Field, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import {
  AdminAudit,
  AdminBookingsService,
  AdminBookingView,
  AdminCancelBookingInput,
  AdminListingsService,
  AdminReasonInput,
  AdminUsersArgs,
  AdminUsersService,
  AdminUserView,
  AuditEntryView,
  AuditLogArgs,
} from '@app/admin';
import { CurrentUser, JwtAuthGuard, Roles, RolesGuard, type AuthUser } from '@app/auth';
import type { Page } from '@app/core';
import { ListingView } from '@app/listings';
import { PageInfoType } from '../listings/listing-connection.types';
import { ParseUuidPipe } from '../http/uuid-param';

const pageInfo = (page: Page<unknown>): PageInfoType => ({
  endCursor: page.nextCursor,
  hasNextPage: page.nextCursor !== null,
});

@ObjectType('AdminUserConnection')
class AdminUserConnection {
  @Field(() => [AdminUserView]) nodes: AdminUserView[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('AdminAuditConnection')
class AdminAuditConnection {
  @Field(() => [AuditEntryView]) nodes: AuditEntryView[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

/** GraphQL twin of /api/v1/admin: the same services, admins only. */
@Resolver()
@UseGuards(JwtAuthGuard, RolesGuard)
@Roles('admin')
export class AdminResolver {
  constructor(
    private readonly users: AdminUsersService,
    private readonly listings: AdminListingsService,
    private readonly audit: AdminAudit,
    private readonly bookings: AdminBookingsService,
  ) {}

  @Query(() => AdminBookingView)
  adminBooking(
    @CurrentUser() admin: AuthUser,
    @Args('id', { type: () => ID }, new ParseUuidPipe()) id: string,
  ): Promise<AdminBookingView> {
    return this.bookings.get(admin, id);
  }

  @Mutation(() => AdminBookingView)
  adminCancelBooking(
    @CurrentUser() admin: AuthUser,
    @Args('id', { type: () => ID }, new ParseUuidPipe()) id: string,
    @Args('input') input: AdminCancelBookingInput,
  ): Promise<AdminBookingView> {
    return this.bookings.cancel(admin, id, input);
  }

  @Query(() => AdminUserConnection)
  async adminUsers(@Args() args: AdminUsersArgs): Promise<AdminUserConnection> {
    const page = await this.users.search({ q: args.q, limit: args.first, cursor: args.after });
    return { nodes: page.data, pageInfo: pageInfo(page) };
  }

  @Mutation(() => AdminUserView)
  suspendUser(
    @CurrentUser() admin: AuthUser,
    @Args('id', { type: () => ID }, new ParseUuidPipe()) id: string,
    @Args('input') input: AdminReasonInput,
  ): Promise<AdminUserView> {
    return this.users.suspend(admin, id, input.reason);
  }

  @Mutation(() => AdminUserView)
  reinstateUser(
    @CurrentUser() admin: AuthUser,
    @Args('id', { type: () => ID }, new ParseUuidPipe()) id: string,
    @Args('input') input: AdminReasonInput,
  ): Promise<AdminUserView> {
    return this.users.reinstate(admin, id, input.reason);
  }

  @Mutation(() => ListingView)
  adminUnlistListing(
    @CurrentUser() admin: AuthUser,
    @Args('id', { type: () => ID }, new ParseUuidPipe()) id: string,
    @Args('input') input: AdminReasonInput,
  ): Promise<ListingView> {
    return this.listings.unlist(admin, id, input.reason);
  }

  @Mutation(() => ListingView)
  adminArchiveListing(
    @CurrentUser() admin: AuthUser,
    @Args('id', { type: () => ID }, new ParseUuidPipe()) id: string,
    @Args('input') input: AdminReasonInput,
  ): Promise<ListingView> {
    return this.listings.archive(admin, id, input.reason);
  }

  @Query(() => AdminAuditConnection)
  async adminAuditLog(@Args() args: AuditLogArgs): Promise<AdminAuditConnection> {
    const page = await this.audit.list({
      targetId: args.targetId,
      limit: args.first,
      cursor: args.after,
    });
    return { nodes: page.data, pageInfo: pageInfo(page) };
  }
}
