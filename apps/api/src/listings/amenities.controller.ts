import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AMENITIES, AmenityView } from '@app/listings';

@ApiTags('listings')
@Controller('amenities')
export class AmenitiesController {
  @Get()
  @ApiOperation({ summary: 'The amenity catalogue (codes used by listings and search)' })
  @ApiOkResponse({ type: [AmenityView] })
  list(): AmenityView[] {
    return [...AMENITIES];
  }
}
