/** Development-only default so `npm start` works with no environment; production must set it. */
export const DEV_ADMIN_BASIC_PASSWORD = 'admin-password';
/** Development-only signing key; production refuses to start without JWT_SECRET. */
export const DEV_JWT_SECRET = 'development-only-jwt-secret-change-me-in-production';

/**
 * Every secret value this project has published: development defaults and the examples
 * in .env.example, docker-compose.yml and deploy/. Anyone can read them, so production
 * refuses them (app-config.spec.ts checks those files' values are all listed here).
 */
export const PUBLISHED_SECRETS: readonly string[] = [
  DEV_ADMIN_BASIC_PASSWORD,
  DEV_JWT_SECRET,
  // .env.example
  'change-me-to-something-long',
  'replace-with-at-least-32-random-characters',
  // docker-compose.yml (earlier defaults) and deploy/k8s/secret.template.yaml
  'change-me-please-now',
  'compose-local-jwt-secret-change-me-before-deploying',
  'airbnb',
  'at-least-32-random-characters-here',
  'a-long-operator-password',
  'PASSWORD',
  'whsec_...',
];

/** Placeholders nobody means as a real secret. */
const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]with|your[-_ ]secret/i;

const SECRET_VARIABLES = [
  'ADMIN_BASIC_PASSWORD',
  'JWT_SECRET',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
] as const;
const URL_VARIABLES = ['DATABASE_URL', 'DATABASE_REPLICA_URLS', 'REDIS_URL', 'SMTP_URL'] as const;

const published = new Set(PUBLISHED_SECRETS.map((s) => s.toLowerCase()));

export function isPublishedSecret(value: string): boolean {
  return published.has(value.trim().toLowerCase()) || PLACEHOLDER.test(value);
}

/** Passwords inside connection URLs (a comma-separated list too). */
function urlPasswords(value: string): string[] {
  return value.split(',').flatMap((raw) => {
    try {
      const password = new URL(raw.trim()).password;
      return password ? [decodeURIComponent(password)] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Variables (production only) holding a published default or example value; each
 * message names the variable, never the value.
 */
export function publishedSecretProblems(
  env: Partial<Record<(typeof SECRET_VARIABLES)[number] | (typeof URL_VARIABLES)[number], unknown>>,
): string[] {
  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (typeof value === 'string' && isPublishedSecret(value))
      problems.push(
        `${name} is a published default or example value; set a secret of your own in production`,
      );
  }
  for (const name of URL_VARIABLES) {
    const value = env[name];
    if (typeof value === 'string' && urlPasswords(value).some(isPublishedSecret))
      problems.push(
        `${name} has a published default or example password; set a password of your own in production`,
      );
  }
  return problems;
}
