import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import {
  AdminAudit,
  AdminBookingsService,
  AdminBookingView,
  AdminCancelBookingInput,
  AdminListingsService,
  AdminReasonInput,
  AdminUserSearchQuery,
  AdminUsersService,
  AdminUserView,
  AuditEntryView,
  AuditLogQuery,
} from '@app/admin';
import { Authenticated, CurrentUser, Roles, type AuthUser } from '@app/auth';
import type { Page } from '@app/core';
import { ListingView } from '@app/listings';
import { ParseUuidPipe } from '../http/uuid-param';

class AdminUserPage {
  @ApiProperty({ type: [AdminUserView] }) data: AdminUserView[];
  @ApiProperty({
    type: String,
    nullable: true,
    example:
      'eyJhdCI6IjIwMzAtMDEtMTVUMDk6MjQ6MTEuMDAwWiIsImlkIjoiM2IyNDExMDEtZTJiYi00MjU1LThjYWYtNDEzNmM1NjZhOTYyIn0.xjFVUjuLYG8PIHgN',
  })
  nextCursor: string | null;
}

class AuditLogPage {
  @ApiProperty({ type: [AuditEntryView] }) data: AuditEntryView[];
  @ApiProperty({
    type: String,
    nullable: true,
    example:
      'eyJhdCI6IjIwMzAtMDUtMjFUMDg6MDI6MzAuMDAwWiIsImlkIjoiZTRkOTA5YzItOTBkMC00ZjNiLThhNmUtMWIyYzNkNGU1ZjYwIn0.Fbz8_gzYSC54uZy_',
  })
  nextCursor: string | null;
}

/** What only admins do; every change is written to the audit log with its reason. */
@ApiTags('admin')
@Controller('admin')
@Authenticated()
@Roles('admin')
@ApiForbiddenResponse({ description: 'FORBIDDEN: the caller is not an admin' })
export class AdminController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly listings: AdminListingsService,
    private readonly audit: AdminAudit,
    private readonly bookings: AdminBookingsService,
  ) {}

  @Get('users')
  @ApiOperation({ summary: 'Search accounts by email or name' })
  @ApiOkResponse({
    type: AdminUserPage,
    description: 'Accounts by email or name prefix, newest first',
  })
  searchUsers(@Query() query: AdminUserSearchQuery): Promise<Page<AdminUserView>> {
    return this.users.search(query);
  }

  @Get('users/:id')
  @ApiOperation({ summary: 'One account, with its suspension if any' })
  @ApiOkResponse({ type: AdminUserView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  getUser(@Param('id', new ParseUuidPipe()) id: string): Promise<AdminUserView> {
    return this.users.get(id);
  }

  @Post('users/:id/suspend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Suspend an account (its tokens stop working at once)' })
  @ApiOkResponse({
    type: AdminUserView,
    description:
      "Suspended: sign-in refused, tokens dead at once, the user's listings out of search",
  })
  @ApiConflictResponse({ description: 'CONFLICT: already suspended' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  suspend(
    @CurrentUser() admin: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Body() input: AdminReasonInput,
  ): Promise<AdminUserView> {
    return this.users.suspend(admin, id, input.reason);
  }

  @Post('users/:id/reinstate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reinstate a suspended account' })
  @ApiOkResponse({ type: AdminUserView })
  @ApiConflictResponse({ description: 'CONFLICT: not suspended' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  reinstate(
    @CurrentUser() admin: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Body() input: AdminReasonInput,
  ): Promise<AdminUserView> {
    return this.users.reinstate(admin, id, input.reason);
  }

  @Post('listings/:id/unlist')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Unlist any published listing, with a reason' })
  @ApiOkResponse({ type: ListingView, description: 'The listing leaves search (status unlisted)' })
  @ApiConflictResponse({
    description: 'INVALID_LISTING_STATE: only a published listing can be unlisted',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  unlistListing(
    @CurrentUser() admin: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Body() input: AdminReasonInput,
  ): Promise<ListingView> {
    return this.listings.unlist(admin, id, input.reason);
  }

  @Post('listings/:id/archive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Archive any listing, with a reason' })
  @ApiOkResponse({ type: ListingView, description: 'The listing is archived for good' })
  @ApiConflictResponse({ description: 'INVALID_LISTING_STATE: already archived' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  archiveListing(
    @CurrentUser() admin: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Body() input: AdminReasonInput,
  ): Promise<ListingView> {
    return this.listings.archive(admin, id, input.reason);
  }

  @Get('bookings/:id')
  @ApiOperation({ summary: 'Any booking with its payments, refunds and history' })
  @ApiOkResponse({
    type: AdminBookingView,
    description: 'Any booking with its payments, refunds and every transition',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  getBooking(
    @CurrentUser() admin: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
  ): Promise<AdminBookingView> {
    return this.bookings.get(admin, id);
  }

  @Post('bookings/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Cancel a booking on the guest's or the host's behalf" })
  @ApiOkResponse({
    type: AdminBookingView,
    description:
      "Cancelled on the guest's behalf (the policy's refund) or the host's (a full refund); refund=full refunds everything",
  })
  @ApiConflictResponse({ description: 'ALREADY_CANCELLED, INVALID_STATE' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  cancelBooking(
    @CurrentUser() admin: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Body() input: AdminCancelBookingInput,
  ): Promise<AdminBookingView> {
    return this.bookings.cancel(admin, id, input);
  }

  @Get('audit-log')
  @ApiOperation({ summary: 'The audit log of admin actions (who, what, when, why)' })
  @ApiOkResponse({ type: AuditLogPage, description: 'Admin actions, newest first' })
  auditLog(@Query() query: AuditLogQuery): Promise<Page<AuditEntryView>> {
    return this.audit.list(query);
  }
}
