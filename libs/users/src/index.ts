export * from './users.module';
export * from './users.service';
export * from './public-profile-cache';
export * from './user.entity';
export * from './email';
export * from './dto/user.views';
export * from './dto/update-profile.input';
