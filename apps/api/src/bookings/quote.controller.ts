import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { BookingsService, QuoteQuery, QuoteView } from '@app/bookings';
import { ParseUuidPipe } from '../http/uuid-param';

@ApiTags('listings')
@Controller('listings')
export class QuoteController {
  constructor(private readonly bookings: BookingsService) {}

  @Get(':id/quote')
  @ApiOperation({
    summary: 'Price a stay',
    description:
      "The server's price: nights, weekly/monthly discount, cleaning fee, guest service fee, taxes, the total and the host's payout, and whether the nights are free now.",
  })
  @ApiOkResponse({ type: QuoteView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_DATE_RANGE' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such published listing' })
  @ApiUnprocessableEntityResponse({
    description: 'CHECK_IN_IN_PAST, STAY_TOO_SHORT, STAY_TOO_LONG, TOO_MANY_GUESTS',
  })
  quote(@Param('id', new ParseUuidPipe()) id: string, @Query() query: QuoteQuery) {
    return this.bookings.quote(id, query);
  }
}
