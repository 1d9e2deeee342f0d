export * from './cache.module';
