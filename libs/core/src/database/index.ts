export * from './data-source-options';
export * from './run-migrations';
export * from './transaction';
export * from './embedded-postgres';
export { migrations } from './migrations';
