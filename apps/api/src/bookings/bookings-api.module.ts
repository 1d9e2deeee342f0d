import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { BookingsModule } from '@app/bookings';
import { ListingsModule } from '@app/listings';
import { ListingsApiModule } from '../listings/listings-api.module';
import { BookingsController } from './bookings.controller';
import { BookingsResolver } from './bookings.resolver';
import { PaymentsController } from './payments.controller';
import { QuoteController } from './quote.controller';

/** HTTP and GraphQL faces of quotes, bookings and the local payment simulation. */
@Module({
  imports: [BookingsModule, ListingsModule, AuthModule, ListingsApiModule],
  controllers: [QuoteController, BookingsController, PaymentsController],
  providers: [BookingsResolver],
})
export class BookingsApiModule {}
