import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ListingCache } from './listing-cache';
import { ListingCalendar } from './listing-calendar.service';
import { ListingPhoto } from './listing-photo.entity';
import { Listing } from './listing.entity';
import { ListingsService } from './listings.service';

@Module({
  imports: [TypeOrmModule.forFeature([Listing, ListingPhoto])],
  providers: [ListingsService, ListingCalendar, ListingCache],
  exports: [ListingsService, ListingCalendar, ListingCache],
})
export class ListingsModule {}
