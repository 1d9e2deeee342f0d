export * from './queue-names';
export * from './queue-backend';
export * from './queue.module';
export * from './queue-stats';
export * from './system-jobs';
