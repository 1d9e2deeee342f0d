import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthUser } from '@app/auth';
import { PageQuery } from '@app/core';
import { ListingPageView, ListingsService } from '@app/listings';

@ApiTags('listings')
@Controller('users/me/listings')
export class MyListingsController {
  constructor(private readonly listings: ListingsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: "The caller's own listings in every state, newest first" })
  @ApiOkResponse({ type: ListingPageView })
  async mine(@CurrentUser() user: AuthUser, @Query() query: PageQuery): Promise<ListingPageView> {
    const page = await this.listings.mine(user, query);
    return { data: page.edges.map((e) => e.node), nextCursor: page.nextCursor };
  }
}
