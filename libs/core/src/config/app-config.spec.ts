import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  AppConfig,
  ConfigValidationError,
  DEV_ADMIN_BASIC_PASSWORD,
  redactUrl,
} from './app-config';
import { isPublishedSecret } from './published-secrets';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db' };

describe('AppConfig', () => {
  it('has working defaults for a development machine', () => {
    const config = AppConfig.load(base);
    expect(config.env.PORT).toBe(3000);
    expect(config.env.NODE_ENV).toBe('development');
    expect(config.queueBackend).toBe('postgres');
    expect(config.graphqlIde).toBe(true);
    expect(config.corsOrigins).toBe('*');
  });

  it('converts types and reads lists', () => {
    const config = AppConfig.load({
      ...base,
      PORT: '8080',
      MIGRATIONS_RUN_ON_START: 'false',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      REDIS_URL: 'redis://localhost:6379',
    });
    expect(config.env.PORT).toBe(8080);
    expect(config.env.MIGRATIONS_RUN_ON_START).toBe(false);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.queueBackend).toBe('redis');
  });

  it('names every bad variable', () => {
    const load = () =>
      AppConfig.load({ ...base, PORT: 'eighty', REDIS_URL: 'http://nope', LOG_LEVEL: 'loud' });
    expect(load).toThrow(ConfigValidationError);
    try {
      load();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('REDIS_URL');
      expect(message).toContain('LOG_LEVEL');
    }
  });

  it('requires a strong operator password and a JWT secret in production', () => {
    const prod = { ...base, NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com' };
    const secret = 'x'.repeat(32);
    expect(() => AppConfig.load({ ...prod, JWT_SECRET: secret })).toThrow(/ADMIN_BASIC_PASSWORD/);
    expect(() => AppConfig.load({ ...prod, ADMIN_BASIC_PASSWORD: 'a-long-secret-value' })).toThrow(
      /JWT_SECRET/,
    );
    expect(() => AppConfig.load({ ...base, JWT_SECRET: 'too-short' })).toThrow(
      /JWT_SECRET must be at least 32/,
    );
    const config = AppConfig.load({
      ...prod,
      ADMIN_BASIC_PASSWORD: 'a-long-secret-value',
      JWT_SECRET: secret,
    });
    expect(config.graphqlIde).toBe(false);
  });

  it('asks for DATABASE_URL by name when a process needs it', () => {
    expect(() => AppConfig.load({}).databaseUrl).toThrow(/DATABASE_URL/);
  });

  it('never prints a password', () => {
    expect(redactUrl('postgres://user:secret@db:5432/app')).toBe('postgres://user:***@db:5432/app');
    expect(
      AppConfig.load({ ...base, REDIS_URL: 'redis://:hunter2@cache:6379' }).describeBackends(),
    ).not.toMatch(/hunter2|\bp@/);
  });
});

describe('AppConfig reads every declared variable', () => {
  it('picks up optional variables that have no default', () => {
    const config = AppConfig.load({
      ...base,
      SMTP_URL: 'smtp://mail:1025',
      PUBLIC_URL: 'https://stay.example',
      GRAPHQL_IDE: 'false',
    });
    expect(config.env.SMTP_URL).toBe('smtp://mail:1025');
    expect(config.publicUrl).toBe('https://stay.example');
    expect(config.graphqlIde).toBe(false);
    expect(() => AppConfig.load({ ...base, SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
  });
});

describe('AppConfig booking fees', () => {
  it('defaults to 14 % for guests and 3 % for hosts', () => {
    expect(AppConfig.load(base).serviceFees).toEqual({
      guestServiceFeePercent: 14,
      hostServiceFeePercent: 3,
    });
  });

  it('reads percentages with up to two decimals', () => {
    const config = AppConfig.load({
      ...base,
      GUEST_SERVICE_FEE_PERCENT: '12.5',
      HOST_SERVICE_FEE_PERCENT: '0',
    });
    expect(config.serviceFees).toEqual({ guestServiceFeePercent: 12.5, hostServiceFeePercent: 0 });
  });

  it.each(['-1', '101', '14.125', 'fourteen', '1e1'])(
    'refuses %s for either fee, naming the variable',
    (bad) => {
      expect(() => AppConfig.load({ ...base, GUEST_SERVICE_FEE_PERCENT: bad })).toThrow(
        /GUEST_SERVICE_FEE_PERCENT/,
      );
      expect(() => AppConfig.load({ ...base, HOST_SERVICE_FEE_PERCENT: bad })).toThrow(
        /HOST_SERVICE_FEE_PERCENT/,
      );
    },
  );
});

describe('AppConfig payments', () => {
  const stripe = {
    ...base,
    PAYMENTS_PROVIDER: 'stripe',
    STRIPE_SECRET_KEY: 'sk_test_abc123',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_abc123',
    STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
  };

  it('defaults to the local provider, which needs no Stripe keys', () => {
    const config = AppConfig.load(base);
    expect(config.env.PAYMENTS_PROVIDER).toBe('local');
    expect(config.env.STRIPE_SECRET_KEY).toBeUndefined();
    expect(config.stripeApiEndpoint).toBeUndefined();
  });

  it('accepts the stripe provider with its three keys', () => {
    const config = AppConfig.load(stripe);
    expect(config.env.PAYMENTS_PROVIDER).toBe('stripe');
    expect(config.env.STRIPE_WEBHOOK_SECRET).toBe('whsec_abc123');
  });

  it('refuses the stripe provider without its keys, naming each missing one', () => {
    try {
      AppConfig.load({ ...base, PAYMENTS_PROVIDER: 'stripe' });
      throw new Error('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      const message = (error as Error).message;
      expect(message).toContain('STRIPE_SECRET_KEY');
      expect(message).toContain('STRIPE_PUBLISHABLE_KEY');
      expect(message).toContain('STRIPE_WEBHOOK_SECRET');
    }
  });

  it.each(['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET'])(
    'refuses the stripe provider when only %s is missing',
    (name) => {
      const env: Record<string, string> = { ...stripe };
      delete env[name];
      expect(() => AppConfig.load(env)).toThrow(new RegExp(name));
    },
  );

  it('refuses a publishable key given as the secret key and an unknown provider', () => {
    expect(() => AppConfig.load({ ...stripe, STRIPE_SECRET_KEY: 'pk_test_abc' })).toThrow(
      /STRIPE_SECRET_KEY/,
    );
    expect(() => AppConfig.load({ ...base, PAYMENTS_PROVIDER: 'paypal' })).toThrow(
      /PAYMENTS_PROVIDER/,
    );
  });

  it('parses STRIPE_API_URL into the protocol, host and port the SDK takes', () => {
    expect(
      AppConfig.load({ ...stripe, STRIPE_API_URL: 'http://127.0.0.1:12111' }).stripeApiEndpoint,
    ).toEqual({ protocol: 'http', host: '127.0.0.1', port: 12111 });
    expect(
      AppConfig.load({ ...stripe, STRIPE_API_URL: 'https://stripe-proxy.internal' })
        .stripeApiEndpoint,
    ).toEqual({ protocol: 'https', host: 'stripe-proxy.internal', port: 443 });
    expect(() => AppConfig.load({ ...stripe, STRIPE_API_URL: 'ftp://x' })).toThrow(
      /STRIPE_API_URL/,
    );
  });
});

/** A production environment that starts; each test spoils one variable. */
const production = {
  ...base,
  NODE_ENV: 'production',
  CORS_ORIGINS: 'https://app.example.com',
  ADMIN_BASIC_PASSWORD: 'q8Vw-operators-own-login',
  JWT_SECRET: 'k3Jx9vN2pQ7sT5wY8zB4cF6hL1mR0aDe',
};
const problemsOf = (env: Record<string, string | undefined>): string => {
  try {
    AppConfig.load(env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as Error).message;
  }
};

describe('AppConfig in production', () => {
  it('starts with its own secrets and an origin allowlist', () => {
    const config = AppConfig.load(production);
    expect(config.corsOrigins).toEqual(['https://app.example.com']);
    expect(config.graphqlIntrospection).toBe(false);
    expect(config.swaggerGuarded).toBe(true);
    expect(AppConfig.load({ ...production, SWAGGER_PUBLIC: 'true' }).swaggerGuarded).toBe(false);
    expect(
      AppConfig.load({ ...production, GRAPHQL_INTROSPECTION: 'true' }).graphqlIntrospection,
    ).toBe(true);
  });

  it('refuses to start without CORS_ORIGINS, naming it; an explicit * is a choice (never with credentials)', () => {
    expect(problemsOf({ ...production, CORS_ORIGINS: undefined })).toContain(
      'CORS_ORIGINS must be set in production',
    );
    expect(AppConfig.load({ ...production, CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(problemsOf({ ...production, CORS_ORIGINS: 'app.example.com' })).toContain(
      'CORS_ORIGINS must be *',
    );
    expect(problemsOf({ ...production, CORS_ORIGINS: 'https://a.example/path' })).toContain(
      'CORS_ORIGINS',
    );
  });

  it.each([
    ['ADMIN_BASIC_PASSWORD', DEV_ADMIN_BASIC_PASSWORD.padEnd(12, '-')],
    ['ADMIN_BASIC_PASSWORD', 'change-me-to-something-long'],
    ['ADMIN_BASIC_PASSWORD', 'a-long-operator-password'],
    ['ADMIN_BASIC_PASSWORD', 'please-CHANGEME-now'],
    ['JWT_SECRET', 'development-only-jwt-secret-change-me-in-production'],
    ['JWT_SECRET', 'replace-with-at-least-32-random-characters'],
    ['JWT_SECRET', 'at-least-32-random-characters-here'],
    ['JWT_SECRET', 'compose-local-jwt-secret-change-me-before-deploying'],
    ['DATABASE_URL', 'postgres://airbnb:airbnb@postgres:5432/airbnb'],
    ['DATABASE_URL', 'postgres://USER:PASSWORD@HOST:5432/DATABASE'],
    ['REDIS_URL', 'redis://:PASSWORD@HOST:6379'],
    ['SMTP_URL', 'smtps://USER:PASSWORD@smtp.example.com:465'],
  ])('refuses %s = a published value (%s), naming the variable, not the value', (name, value) => {
    const message = problemsOf({ ...production, [name]: value });
    expect(message).toMatch(new RegExp(`${name} (is|has) a published default or example`));
    expect(message).not.toContain(value);
  });

  it('outside production the development defaults still work', () => {
    const config = AppConfig.load({ ...base, ADMIN_BASIC_PASSWORD: 'change-me-to-something-long' });
    expect(config.env.ADMIN_BASIC_PASSWORD).toBe('change-me-to-something-long');
    expect(AppConfig.load(base).env.ADMIN_BASIC_PASSWORD).toBe(DEV_ADMIN_BASIC_PASSWORD);
  });

  it('every secret value written in .env.example, docker-compose.yml and deploy/ is refused', () => {
    const secretNames =
      /^(ADMIN_BASIC_PASSWORD|JWT_SECRET|STRIPE_WEBHOOK_SECRET|POSTGRES_PASSWORD)$/;
    const values: [string, string][] = [];
    for (const line of readFileSync('.env.example', 'utf8').split('\n')) {
      const m = /^#?\s*([A-Z_]+)=(\S+)/.exec(line);
      if (m && secretNames.test(m[1])) values.push([`.env.example ${m[1]}`, m[2]]);
    }
    const secret = parseYaml(readFileSync('deploy/k8s/secret.template.yaml', 'utf8')) as {
      stringData: Record<string, string>;
    };
    for (const [name, value] of Object.entries(secret.stringData)) {
      if (secretNames.test(name)) values.push([`secret.template ${name}`, value]);
      else if (/^[a-z]+:\/\//.test(value) && new URL(value).password)
        values.push([`secret.template ${name}`, decodeURIComponent(new URL(value).password)]);
    }
    // Compose passes secrets from the environment, with no default to fall back on.
    const compose = readFileSync('docker-compose.yml', 'utf8');
    for (const m of compose.matchAll(/\$\{([A-Z_]+):-([^}]*)\}/g))
      if (/PASSWORD|SECRET/.test(m[1])) values.push([`docker-compose ${m[1]}`, m[2]]);
    expect(values.length).toBeGreaterThan(3);
    expect(values.filter(([, value]) => !isPublishedSecret(value))).toEqual([]);
  });
});

describe('TRUST_PROXY', () => {
  it('takes false, a hop count or proxy addresses/CIDRs', () => {
    expect(AppConfig.load(base).trustProxy).toBe(false);
    expect(AppConfig.load({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(AppConfig.load({ ...base, TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(
      AppConfig.load({ ...base, TRUST_PROXY: '10.0.0.0/8, fd00::/8,loopback' }).trustProxy,
    ).toEqual(['10.0.0.0/8', 'fd00::/8', 'loopback']);
  });

  it('refuses true (every hop, so a spoofed X-Forwarded-For would count) and junk', () => {
    expect(problemsOf({ ...base, TRUST_PROXY: 'true' })).toContain('TRUST_PROXY must be false');
    expect(problemsOf({ ...base, TRUST_PROXY: 'everyone' })).toContain('TRUST_PROXY');
  });
});
