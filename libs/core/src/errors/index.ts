export * from './error-code';
export * from './domain-error';
export * from './error-mapping';
export * from './postgres-error';
