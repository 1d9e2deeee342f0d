import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { ListingsModule } from '@app/listings';
import { AmenitiesController } from './amenities.controller';
import { ListingLoaders } from './listing-loaders';
import { ListingsController } from './listings.controller';
import { ListingsResolver } from './listings.resolver';
import { MyListingsController } from './my-listings.controller';

/** HTTP and GraphQL faces of listings, calendars and search. */
@Module({
  imports: [ListingsModule, AuthModule],
  controllers: [AmenitiesController, MyListingsController, ListingsController],
  providers: [ListingsResolver, ListingLoaders],
  exports: [ListingLoaders],
})
export class ListingsApiModule {}
