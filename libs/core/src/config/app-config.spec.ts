import { describe, expect, it } from '@jest/globals';
import { AppConfig, ConfigValidationError, redactUrl } from './app-config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db' };

describe('AppConfig', () => {
  it('has working defaults for a development machine', () => {
    const config = AppConfig.load(base);
    expect(config.env.PORT).toBe(3000);
    expect(config.env.NODE_ENV).toBe('development');
    expect(config.queueBackend).toBe('postgres');
    expect(config.graphqlIde).toBe(true);
    expect(config.corsOrigins).toBe(true);
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
    const prod = { ...base, NODE_ENV: 'production' };
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
