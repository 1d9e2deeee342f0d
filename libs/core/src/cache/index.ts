export * from './cache.module';
export * from './app-cache';
