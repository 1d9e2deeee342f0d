export * from './data-source-options';
export * from './run-migrations';
export * from './transaction';
export { migrations } from './migrations';
export * from './read-replica';
