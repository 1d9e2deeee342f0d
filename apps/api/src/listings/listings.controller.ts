import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, HostOnly, type AuthUser } from '@app/auth';
import { entryJson } from '@app/core';
import {
  BlockDatesInput,
  CalendarBlockView,
  CalendarQuery,
  CreateListingInput,
  etagOf,
  ListingCalendar,
  ListingCalendarView,
  type ListingPage,
  ListingPageView,
  ListingsService,
  ListingView,
  SearchListingsQuery,
  UpdateListingInput,
} from '@app/listings';
import type { FastifyReply } from 'fastify';
import { RequestHeader } from '../openapi/request-header';
import { OptionalAuthGuard } from './optional-auth.guard';
import { ParseUuidPipe } from '../http/uuid-param';

const pageBodies = new WeakMap<ListingPage, string>();

/** The REST body of a search page; a cached page is serialised once, not on every hit. */
function pageJson(page: ListingPage): string {
  let json = pageBodies.get(page);
  if (!json) {
    const body: ListingPageView = {
      data: page.edges.map((e) => e.node),
      nextCursor: page.nextCursor,
    };
    json = JSON.stringify(body);
    pageBodies.set(page, json);
  }
  return json;
}

@ApiTags('listings')
@Controller('listings')
export class ListingsController {
  constructor(
    private readonly listings: ListingsService,
    private readonly calendar: ListingCalendar,
  ) {}

  @Post()
  @Authenticated()
  @HostOnly()
  @ApiOperation({ summary: 'Create a draft listing (hosts only)' })
  @ApiCreatedResponse({ type: ListingView })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: the caller is not a host' })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED: e.g. latitude out of range, unknown currency, amenity or time zone',
  })
  create(@CurrentUser() user: AuthUser, @Body() input: CreateListingInput): Promise<ListingView> {
    return this.listings.create(user, input);
  }

  @Get()
  @ApiOperation({
    summary: 'Search published listings',
    description:
      'Place (city/country, lat+lng+radiusKm, or a south/west/north/east box), dates (free for every night, within min/max nights), guests, price (with currency), property type, amenities (all of), instant book. Sorted by an allowed key; cursor paging.',
  })
  @ApiOkResponse({
    type: ListingPageView,
    headers: {
      'X-Cache': { description: 'HIT or MISS', schema: { type: 'string', enum: ['HIT', 'MISS'] } },
    },
  })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED (bad filter, sort not allowed, limit over 100), INVALID_CURSOR, INVALID_DATE_RANGE, DATE_RANGE_TOO_LONG',
  })
  async search(@Query() query: SearchListingsQuery, @Res() reply: FastifyReply): Promise<void> {
    const { sort, limit, cursor, ...filter } = query;
    const { value, hit } = await this.listings.search(filter, sort, { limit, cursor });
    await reply
      .header('x-cache', hit ? 'HIT' : 'MISS')
      .type('application/json; charset=utf-8')
      .send(pageJson(value));
  }

  @Get(':id')
  @UseGuards(OptionalAuthGuard)
  @ApiOperation({ summary: 'A listing (published ones to anyone; any state to its host)' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'ETag of a copy you hold' })
  @ApiOkResponse({
    type: ListingView,
    headers: { ETag: { description: 'Strong validator of the body', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 304, description: 'Not modified: your copy (If-None-Match) is current' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiUnauthorizedResponse({
    description:
      'UNAUTHENTICATED: a token was sent but is expired or revoked (send none to read anonymously)',
  })
  async get(
    @Param('id', new ParseUuidPipe()) id: string,
    @CurrentUser() user: AuthUser | undefined,
    @RequestHeader('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { value, hit } = await this.listings.get(id, user);
    const etag = etagOf(value);
    reply
      .header('etag', etag)
      .header('cache-control', 'no-cache')
      .header('x-cache', hit ? 'HIT' : 'MISS');
    if (ifNoneMatch?.split(',').some((t) => t.trim() === etag)) await reply.status(304).send();
    // The cached entry's JSON is made once, not on every hit.
    else await reply.status(200).type('application/json; charset=utf-8').send(entryJson(value));
  }

  @Patch(':id')
  @Authenticated()
  @ApiOperation({
    summary: 'Change a listing (its host or an admin); photos, when given, replace all',
  })
  @ApiOkResponse({ type: ListingView })
  @ApiForbiddenResponse({ description: 'NOT_LISTING_OWNER' })
  @ApiConflictResponse({ description: 'INVALID_LISTING_STATE: an archived listing cannot change' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (e.g. minNights > maxNights)' })
  @ApiUnprocessableEntityResponse({
    description: 'LISTING_INCOMPLETE: a published listing would lose what it needs',
  })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Body() input: UpdateListingInput,
  ): Promise<ListingView> {
    return this.listings.update(user, id, input);
  }

  @Delete(':id')
  @Authenticated()
  @ApiOperation({
    summary: 'Archive a listing (kept for bookings history, hidden from everyone else)',
  })
  @ApiOkResponse({ type: ListingView })
  @ApiForbiddenResponse({ description: 'NOT_LISTING_OWNER' })
  @ApiConflictResponse({ description: 'INVALID_LISTING_STATE: already archived' })
  archive(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
  ): Promise<ListingView> {
    return this.listings.archive(user, id);
  }

  @Post(':id/publish')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Publish a draft or unlisted listing' })
  @ApiOkResponse({ type: ListingView })
  @ApiUnprocessableEntityResponse({
    description: 'LISTING_INCOMPLETE with details.missing, e.g. ["photos", "nightlyPrice"]',
  })
  @ApiConflictResponse({ description: 'INVALID_LISTING_STATE' })
  @ApiForbiddenResponse({ description: 'NOT_LISTING_OWNER' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  publish(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
  ): Promise<ListingView> {
    return this.listings.publish(user, id);
  }

  @Post(':id/unpublish')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Take a published listing out of search (unlisted)' })
  @ApiOkResponse({ type: ListingView })
  @ApiForbiddenResponse({ description: 'NOT_LISTING_OWNER' })
  @ApiConflictResponse({ description: 'INVALID_LISTING_STATE' })
  unpublish(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
  ): Promise<ListingView> {
    return this.listings.unpublish(user, id);
  }

  @Get(':id/calendar')
  @UseGuards(OptionalAuthGuard)
  @ApiOperation({
    summary:
      'Each day from..to (inclusive, at most 366) as available, blocked or booked, with its price',
  })
  @ApiOkResponse({ type: ListingCalendarView })
  @ApiBadRequestResponse({
    description: 'INVALID_DATE_RANGE, DATE_RANGE_TOO_LONG, VALIDATION_FAILED',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiUnauthorizedResponse({
    description:
      'UNAUTHENTICATED: a token was sent but is expired or revoked (send none to read anonymously)',
  })
  getCalendar(
    @Param('id', new ParseUuidPipe()) id: string,
    @Query() query: CalendarQuery,
    @CurrentUser() user: AuthUser | undefined,
  ): Promise<ListingCalendarView> {
    return this.calendar.calendar(id, query.from, query.to, user);
  }

  @Post(':id/blocks')
  @Authenticated()
  @ApiOperation({
    summary: 'Block nights [startDate, endDate) (the end day stays free for a check-in)',
  })
  @ApiCreatedResponse({ type: CalendarBlockView })
  @ApiConflictResponse({ description: 'DATES_UNAVAILABLE: overlaps a block or a booking' })
  @ApiForbiddenResponse({ description: 'NOT_LISTING_OWNER' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_DATE_RANGE' })
  block(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Body() input: BlockDatesInput,
  ): Promise<CalendarBlockView> {
    return this.calendar.block(user, id, input);
  }

  @Delete(':id/blocks/:blockId')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Free the nights of a block' })
  @ApiNoContentResponse({ description: 'Unblocked' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiForbiddenResponse({ description: 'NOT_LISTING_OWNER' })
  unblock(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Param('blockId', new ParseUuidPipe()) blockId: string,
  ): Promise<void> {
    return this.calendar.unblock(user, id, blockId);
  }
}
