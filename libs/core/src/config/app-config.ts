import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
  type ValidationError,
} from 'class-validator';
import {
  DEV_ADMIN_BASIC_PASSWORD,
  DEV_JWT_SECRET,
  publishedSecretProblems,
} from './published-secrets';
export { DEV_ADMIN_BASIC_PASSWORD, DEV_JWT_SECRET } from './published-secrets';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const PAYMENTS_PROVIDERS = ['local', 'stripe'] as const;
export type PaymentsProviderName = (typeof PAYMENTS_PROVIDERS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
const IP_OR_CIDR = String.raw`(?:[0-9.]+|[0-9a-fA-F:.]+)(?:\/\d{1,3})?|loopback|linklocal|uniquelocal`;
const TRUST_PROXY_PATTERN = new RegExp(
  String.raw`^\s*(?:false|\d{1,2}|(?:${IP_OR_CIDR})(?:\s*,\s*(?:${IP_OR_CIDR}))*)\s*$`,
);
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every setting of both processes, read from the environment once at boot.
 * Property names are the variable names, so a validation message names the
 * variable the operator has to fix.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsOptional()
  @IsString()
  APP_NAME = 'airbnb-clone-backend';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Public base URL, used in printed links and emails. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  /** Unset: an embedded PostgreSQL is started from node_modules (npm start only). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Comma-separated read replicas; only reads that ask for a replica (ReadReplica) go there. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/[^\s,]+(\s*,\s*postgres(ql)?:\/\/[^\s,]+)*$/, {
    message: 'DATABASE_REPLICA_URLS must be comma-separated postgres:// URLs',
  })
  DATABASE_REPLICA_URLS?: string;

  /**
   * How far replicas may lag: a replica read of data written less than this long ago
   * (by its cache version token) runs on the primary instead.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATABASE_REPLICA_LAG_MS = 5_000;

  @Transform(toBool)
  @IsBoolean()
  DATABASE_SSL = false;

  /** Run pending migrations when the API starts (under an advisory lock). */
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN_ON_START = true;

  /** Unset: queues run on PostgreSQL (BullMQ's backend), cache and rate limits in memory. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\/[^\s]*$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of every Redis key (queues, cache, rate limits); lets several deployments share a server. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'KEY_PREFIX must be 1-40 letters, digits, - or _' })
  KEY_PREFIX = 'abnb';

  /** PostgreSQL schema of the queue tables when queues run on PostgreSQL. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, {
    message: 'QUEUE_PG_SCHEMA must be a lower-case SQL identifier',
  })
  QUEUE_PG_SCHEMA = 'bullmq';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @Transform(toBool)
  @IsBoolean()
  LOG_PRETTY = false;

  /** Set by `npm start` outside production: /health/ready answers 503 until the demo data is seeded. */
  @Transform(toBool)
  @IsBoolean()
  READY_AFTER_DEMO_SEED = false;

  /**
   * Comma-separated origins allowed by CORS (sent with credentials), or `*` (any origin,
   * never with credentials). Unset: `*` outside production; production requires it.
   */
  @ValidateIf(
    (o: EnvironmentVariables) => o.NODE_ENV === 'production' || o.CORS_ORIGINS !== undefined,
  )
  @IsString({ message: 'CORS_ORIGINS must be set in production (the allowed origins, or *)' })
  @Matches(/^\s*(\*|https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*)\s*$/, {
    message:
      'CORS_ORIGINS must be * or comma-separated origins like https://app.example.com (no path)',
  })
  CORS_ORIGINS?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  @Transform(toBool)
  @IsBoolean()
  SWAGGER_ENABLED = true;

  /** In production, /docs and /docs-json are for operators only unless this is true. */
  @Transform(toBool)
  @IsBoolean()
  SWAGGER_PUBLIC = false;

  /** GraphQL introspection and "Did you mean" hints; default: on outside production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  /** GraphiQL at /graphiql; defaults to on outside production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  GRAPHQL_IDE?: boolean;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  GRAPHQL_MAX_DEPTH = 10;

  /** Cost ceiling of one GraphQL operation: a field costs 1, a list argument `first` multiplies its children. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COMPLEXITY = 3000;

  /**
   * Which reverse proxies' X-Forwarded-For to believe (client IP for rate limits and logs):
   * `false`, a hop count (`1` behind one ingress), or comma-separated proxy addresses/CIDRs
   * (or `loopback`, `linklocal`, `uniquelocal`). `true` (every hop) is refused: spoofable.
   */
  @Matches(TRUST_PROXY_PATTERN, {
    message:
      'TRUST_PROXY must be false, a hop count (e.g. 1) or comma-separated proxy IPs/CIDRs; true would trust a spoofed X-Forwarded-For',
  })
  TRUST_PROXY = 'false';

  /** Requests per minute per client IP; 0 turns the global limit off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  CACHE_TTL_SECONDS = 60;

  /** Operators' HTTP basic-auth login for Bull Board and the system routes. */
  @IsString()
  @MinLength(1)
  ADMIN_BASIC_USER = 'admin';

  @ValidateIf(
    (o: EnvironmentVariables) =>
      o.NODE_ENV === 'production' || o.ADMIN_BASIC_PASSWORD !== undefined,
  )
  @IsString()
  @MinLength(12, { message: 'ADMIN_BASIC_PASSWORD must be at least 12 characters' })
  ADMIN_BASIC_PASSWORD?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY = 5;

  /**
   * Email jobs (the notifications queue) a worker process runs at once. Higher than the other
   * queues: the jobs running at the same moment share one outbox transaction (one connection).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  WORKER_EMAIL_CONCURRENCY = 100;

  /** How long a worker's lock on a running job lasts without renewal; a crashed worker's jobs are free again after it. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  WORKER_LOCK_DURATION_MS = 30_000;

  /** How often each worker looks for jobs whose lock expired (stalled) and puts them back in the queue. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  WORKER_STALLED_INTERVAL_MS = 30_000;

  /** HMAC key of access tokens (HS256); the same in every API process. */
  @ValidateIf(
    (o: EnvironmentVariables) => o.NODE_ENV === 'production' || o.JWT_SECRET !== undefined,
  )
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /**
   * Sign-in endpoints' budget per minute: login per client IP + email, register and
   * password reset per client IP (REST and GraphQL share it); 0 turns it off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  AUTH_RATE_LIMIT_PER_MINUTE = 5;

  /** Base URL of the web client that email links open (it posts the token to the API). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'WEB_APP_URL must be an http(s) URL' })
  WEB_APP_URL?: string;

  /** Outgoing mail server; unset: mails are written to the worker's log instead of sent. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of every email. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Marketplace <no-reply@marketplace.local>';

  /** Port of the worker's liveness/metrics endpoint; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 3001;

  /** Guest service fee, % of the booking subtotal (nights after discount + cleaning fee); up to 2 decimals. */
  @Transform(toNumber)
  @IsNumber(
    { maxDecimalPlaces: 2 },
    { message: 'GUEST_SERVICE_FEE_PERCENT must be a number with at most 2 decimals' },
  )
  @Min(0)
  @Max(100)
  GUEST_SERVICE_FEE_PERCENT = 14;

  /** Host service fee, % of the booking subtotal, kept from the host's payout; up to 2 decimals. */
  @Transform(toNumber)
  @IsNumber(
    { maxDecimalPlaces: 2 },
    { message: 'HOST_SERVICE_FEE_PERCENT must be a number with at most 2 decimals' },
  )
  @Min(0)
  @Max(100)
  HOST_SERVICE_FEE_PERCENT = 3;

  /** Directory of `npm run db:backup` and the worker's scheduled backups. */
  @IsString()
  @MinLength(1)
  BACKUP_DIR = 'backups';

  /** Cron pattern of the worker's scheduled backup (e.g. `0 3 * * *`); unset: no scheduled backup. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^(\S+\s+){4,5}\S+$/, { message: 'BACKUP_CRON must be a cron pattern of 5 or 6 fields' })
  BACKUP_CRON?: string;

  /** Backups kept in BACKUP_DIR (older ones are deleted after each backup); 0 keeps all. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  BACKUP_KEEP = 0;

  /** Directory holding pg_dump/pg_restore; unset: searched on PATH and in /usr/lib/postgresql/N/bin. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  PG_BIN_DIR?: string;

  /** Where `npm start` keeps the embedded PostgreSQL's files. */
  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  /** Who takes the money: `local` simulates payments offline, `stripe` charges through Stripe. */
  @IsIn(PAYMENTS_PROVIDERS)
  PAYMENTS_PROVIDER: PaymentsProviderName = 'local';

  /** Stripe's secret API key (`sk_test_...` / `sk_live_...`); required with PAYMENTS_PROVIDER=stripe. */
  @ValidateIf((o: EnvironmentVariables) => o.PAYMENTS_PROVIDER === 'stripe')
  @IsString({ message: 'STRIPE_SECRET_KEY must be set when PAYMENTS_PROVIDER is stripe' })
  @Matches(/^[rs]k_(test|live)_\S+$/, {
    message: 'STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_... or sk_live_...)',
  })
  STRIPE_SECRET_KEY?: string;

  /** Handed to clients with a PaymentIntent's client secret; required with PAYMENTS_PROVIDER=stripe. */
  @ValidateIf((o: EnvironmentVariables) => o.PAYMENTS_PROVIDER === 'stripe')
  @IsString({ message: 'STRIPE_PUBLISHABLE_KEY must be set when PAYMENTS_PROVIDER is stripe' })
  @Matches(/^pk_(test|live)_\S+$/, {
    message: 'STRIPE_PUBLISHABLE_KEY must be a Stripe publishable key (pk_test_... or pk_live_...)',
  })
  STRIPE_PUBLISHABLE_KEY?: string;

  /** Signing secret of the webhook endpoint (`whsec_...`); required with PAYMENTS_PROVIDER=stripe. */
  @ValidateIf((o: EnvironmentVariables) => o.PAYMENTS_PROVIDER === 'stripe')
  @IsString({ message: 'STRIPE_WEBHOOK_SECRET must be set when PAYMENTS_PROVIDER is stripe' })
  @MinLength(8, { message: 'STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_...)' })
  STRIPE_WEBHOOK_SECRET?: string;

  /** Base URL of Stripe's API; unset: Stripe's own. Points the SDK at a stand-in or a proxy. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^/\s:]+(:\d{1,5})?\/?$/, {
    message: 'STRIPE_API_URL must be an http(s) URL with no path, e.g. http://127.0.0.1:12111',
  })
  STRIPE_API_URL?: string;
}

/** Every variable the class declares (optional ones have no default, so no own property). */
const VARIABLE_NAMES = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((m) => m.propertyName),
  ),
];

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? m : `${e.property}: ${m}`,
    ),
  );
}

/** The parsed, validated configuration every provider receives (injected by class token). */
export class AppConfig {
  private constructor(readonly env: Readonly<EnvironmentVariables>) {}

  /** Parses and validates; throws ConfigValidationError naming every bad variable. */
  static load(source: NodeJS.ProcessEnv = process.env): AppConfig {
    const picked: Record<string, string> = {};
    for (const key of VARIABLE_NAMES) {
      const value = source[key];
      if (value !== undefined) picked[key] = value;
    }
    const env = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
    const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: true });
    const problems = flatten(errors);
    if (env.NODE_ENV === 'production') problems.push(...publishedSecretProblems(env));
    if (problems.length > 0) throw new ConfigValidationError(problems);
    if (env.ADMIN_BASIC_PASSWORD === undefined) env.ADMIN_BASIC_PASSWORD = DEV_ADMIN_BASIC_PASSWORD;
    if (env.JWT_SECRET === undefined) env.JWT_SECRET = DEV_JWT_SECRET;
    return new AppConfig(Object.freeze(env));
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }

  get isTest(): boolean {
    return this.env.NODE_ENV === 'test';
  }

  get publicUrl(): string {
    return this.env.PUBLIC_URL ?? `http://localhost:${this.env.PORT}`;
  }

  /** Where links in emails point: the web client, or the API's own URL without one. */
  get webAppUrl(): string {
    return (this.env.WEB_APP_URL ?? this.publicUrl).replace(/\/+$/, '');
  }

  get graphqlIde(): boolean {
    return this.env.GRAPHQL_IDE ?? !this.isProduction;
  }

  /** `*`: any origin, without credentials; otherwise the allowlist, with credentials. */
  get corsOrigins(): '*' | string[] {
    const raw = (this.env.CORS_ORIGINS ?? '*').trim();
    return raw === '*'
      ? '*'
      : raw
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean);
  }

  get graphqlIntrospection(): boolean {
    return this.env.GRAPHQL_INTROSPECTION ?? !this.isProduction;
  }

  /** Swagger UI and the OpenAPI document need the operator login (production, unless SWAGGER_PUBLIC). */
  get swaggerGuarded(): boolean {
    return this.isProduction && !this.env.SWAGGER_PUBLIC;
  }

  /** TRUST_PROXY as Fastify's `trustProxy` takes it. */
  get trustProxy(): false | number | string[] {
    const raw = this.env.TRUST_PROXY.trim();
    if (raw === 'false' || raw === '0') return false;
    if (/^\d+$/.test(raw)) return Number(raw);
    return raw.split(',').map((p) => p.trim());
  }

  get queueBackend(): 'redis' | 'postgres' {
    return this.env.REDIS_URL ? 'redis' : 'postgres';
  }

  /** The platform's booking fees, in the shape the pricing of libs/bookings takes. */
  get serviceFees(): { guestServiceFeePercent: number; hostServiceFeePercent: number } {
    return {
      guestServiceFeePercent: this.env.GUEST_SERVICE_FEE_PERCENT,
      hostServiceFeePercent: this.env.HOST_SERVICE_FEE_PERCENT,
    };
  }

  /** STRIPE_API_URL as the Stripe SDK takes it; undefined: Stripe's own API. */
  get stripeApiEndpoint(): StripeApiEndpoint | undefined {
    const raw = this.env.STRIPE_API_URL;
    if (!raw) return undefined;
    const url = new URL(raw);
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    return {
      protocol,
      host: url.hostname,
      port: Number(url.port || (protocol === 'http' ? 80 : 443)),
    };
  }

  /** DATABASE_URL is required by the processes themselves; `npm start` fills it from the embedded server. */
  get databaseUrl(): string {
    const url = this.env.DATABASE_URL;
    if (!url) {
      throw new ConfigValidationError([
        'DATABASE_URL: must be set (run `npm start` to get an embedded PostgreSQL without one)',
      ]);
    }
    return url;
  }

  get databaseReplicaUrls(): string[] {
    return (this.env.DATABASE_REPLICA_URLS ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
  }

  /** One line for the start-up log, with credentials masked. */
  describeBackends(): string {
    const replicas = this.databaseReplicaUrls.map(redactUrl);
    const db =
      redactUrl(this.env.DATABASE_URL ?? '(unset)') +
      (replicas.length ? ` replicas=${replicas.join(',')}` : '');
    const queue = this.env.REDIS_URL
      ? `redis ${redactUrl(this.env.REDIS_URL)}`
      : `postgres schema "${this.env.QUEUE_PG_SCHEMA}"`;
    const cache = this.env.REDIS_URL ? 'redis' : 'memory';
    return `database=${db} queues=${queue} cache=${cache} rateLimits=${cache}`;
  }
}

export interface StripeApiEndpoint {
  protocol: 'http' | 'https';
  host: string;
  port: number;
}

/** Masks the password of a connection URL for logs. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return raw.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}
