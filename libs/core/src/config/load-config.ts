import { existsSync } from 'node:fs';
import { AppConfig, ConfigValidationError } from './app-config';

/**
 * Parses the environment once; a bad variable ends the process with its name.
 * A `.env` file in the working directory fills in variables not already set.
 */
export function loadConfigOrExit(): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const config = AppConfig.load(process.env);
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
