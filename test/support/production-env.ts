/** A production configuration of its own (its secrets are not published anywhere). */
export const PRODUCTION = {
  NODE_ENV: 'production',
  CORS_ORIGINS: 'https://app.example.com',
  JWT_SECRET: 'k3Jx9vN2pQ7sT5wY8zB4cF6hL1mR0aDe-guarded',
  RATE_LIMIT_PER_MINUTE: '0',
  LOG_LEVEL: 'warn',
};
