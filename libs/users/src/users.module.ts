import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PublicProfileCache } from './public-profile-cache';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UsersService, PublicProfileCache],
  exports: [UsersService, PublicProfileCache],
})
export class UsersModule {}
