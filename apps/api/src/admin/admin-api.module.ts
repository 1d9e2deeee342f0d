import { Module } from '@nestjs/common';
import { AdminModule } from '@app/admin';
import { AdminController } from './admin.controller';
import { AdminResolver } from './admin.resolver';

/** HTTP and GraphQL faces of the admin API. */
@Module({
  imports: [AdminModule],
  controllers: [AdminController],
  providers: [AdminResolver],
})
export class AdminApiModule {}
