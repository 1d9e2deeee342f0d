import { existsSync } from 'node:fs';
import { embeddedDatabaseUrl } from '../database/embedded-postgres';
import { AppConfig, ConfigValidationError } from './app-config';

export interface LoadConfigOptions {
  /** Without DATABASE_URL (outside production), use the embedded server `npm start` runs. */
  embeddedDatabaseFallback?: boolean;
}

/**
 * Parses the environment once; a bad variable ends the process with its name.
 * A `.env` file in the working directory fills in variables not already set.
 */
export function loadConfigOrExit(options: LoadConfigOptions = {}): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    let config = AppConfig.load(process.env);
    if (options.embeddedDatabaseFallback && !config.env.DATABASE_URL && !config.isProduction) {
      config = AppConfig.load({
        ...process.env,
        DATABASE_URL: embeddedDatabaseUrl(config.env.EMBEDDED_PG_PORT),
      });
    }
    void config.databaseUrl; // required by every process
    return config;
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
