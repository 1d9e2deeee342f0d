export * from './database-backup';
export * from './database-restore';
export { findPgTool, serverMajorVersion } from './pg-tools';
