import path from 'node:path';

/** Everything Warden reads from the environment, parsed and checked once at boot. */
export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  databaseAppRole?: string;
  dataDir: string;
  redisUrl?: string;
  /** Key prefix of the BullMQ queues, so that several deployments can share one Redis. */
  redisPrefix: string;
  adminKey?: string;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dbPoolSize: number;
  embeddedPostgresPort: number;
  modelUploadLimitBytes: number;
  modelCacheSize: number;
  modelWatchIntervalMs: number;
  maxRowsPerCall: number;
  auditSigningKeyFile?: string;
  auditCheckpointIntervalMs: number;
  auditCheckpointEvery: number;
  modelsDir: string;
  policiesDir: string;
  /** Where the built web console is (its index.html and files). */
  consoleDir: string;
  /** PKCS#8 PEM of the Ed25519 key that signs consent and erasure receipts; otherwise kept in the database. */
  consentSigningKeyFile?: string;
  /** Where subjects and tenants reach this Warden; receipts name its withdrawal endpoint. */
  publicUrl: string;
  /** Subject attribute names treated as protected (special-category) attributes for fairness monitoring. */
  protectedAttributes: string[];
  retentionIntervalMs: number;
  /** Texts one call to POST /v1/privacy/redact may carry. */
  piiMaxBatch: number;
  /** Characters one text given to POST /v1/privacy/redact may have. */
  piiMaxTextLength: number;
  /** Time one text may take to be checked for personal data; past it the call is refused (REDACTION_FAILED). */
  piiTimeBudgetMs: number;
  /** Whether governed calls answer with a Server-Timing header: the time each stage of the pipeline took. */
  serverTiming: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, expected: string, got: string) {
    super(`Invalid configuration: ${variable} must be ${expected} (got ${JSON.stringify(got)})`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, 'true or false (or 1 or 0)', raw);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `a URL (${protocols.join(' or ')})`, redactUrl(raw));
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(name, `a URL (${protocols.join(' or ')})`, redactUrl(raw));
  }
  return raw;
}

/** Never echo a password from a connection string into a log line. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, raw);
  return raw as T;
}

/**
 * The most rows `MAX_ROWS_PER_CALL` may allow. Prices are checked against it rather than against
 * the configured value, so a price accepted today cannot overflow after the setting is raised.
 */
export const MAX_ROWS_PER_CALL_LIMIT = 1_000_000;

function names(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const list = raw.split(',').map((item) => item.trim());
  if (!list.every((item) => /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(item))) {
    throw new ConfigError(name, 'a comma-separated list of attribute names (letters, digits, _)', raw);
  }
  return [...new Set(list)];
}

function adminKey(env: Env): string | undefined {
  const raw = env.WARDEN_ADMIN_KEY;
  if (raw === undefined || raw === '') return undefined;
  if (!/^[A-Za-z0-9_\-]{24,128}$/.test(raw)) {
    throw new ConfigError('WARDEN_ADMIN_KEY', '24 to 128 characters of A-Z, a-z, 0-9, _ or -', '<hidden>');
  }
  return raw;
}

function role(env: Env): string | undefined {
  const raw = env.DATABASE_APP_ROLE;
  if (raw === undefined) return 'warden_app';
  if (raw === '') return undefined;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    throw new ConfigError('DATABASE_APP_ROLE', 'a lower-case Postgres role name, or empty to disable', raw);
  }
  return raw;
}

function prefix(env: Env): string {
  const raw = env.REDIS_PREFIX;
  if (raw === undefined || raw === '') return 'warden';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(raw)) throw new ConfigError('REDIS_PREFIX', 'letters, digits, dots, dashes or underscores (at most 64)', raw);
  return raw;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres', 'postgresql']),
    databaseAppRole: role(env),
    dataDir: path.resolve(cwd, env.WARDEN_DATA_DIR || '.warden'),
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
    redisPrefix: prefix(env),
    adminKey: adminKey(env),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 6000, 1, 10_000_000),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    dbPoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    embeddedPostgresPort: integer(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1, 65535),
    modelUploadLimitBytes: integer(env, 'MODEL_UPLOAD_LIMIT_BYTES', 200 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
    modelCacheSize: integer(env, 'MODEL_CACHE_SIZE', 16, 1, 10_000),
    modelWatchIntervalMs: integer(env, 'MODEL_WATCH_INTERVAL_MS', 250, 10, 60_000),
    maxRowsPerCall: integer(env, 'MAX_ROWS_PER_CALL', 1000, 1, MAX_ROWS_PER_CALL_LIMIT),
    auditSigningKeyFile: env.AUDIT_SIGNING_KEY_FILE || undefined,
    auditCheckpointIntervalMs: integer(env, 'AUDIT_CHECKPOINT_INTERVAL_MS', 60_000, 1000, 86_400_000),
    auditCheckpointEvery: integer(env, 'AUDIT_CHECKPOINT_EVERY', 10_000, 1, 100_000_000),
    modelsDir: path.resolve(cwd, env.WARDEN_MODELS_DIR || 'models'),
    policiesDir: path.resolve(cwd, env.WARDEN_POLICIES_DIR || 'policies'),
    consoleDir: path.resolve(cwd, env.WARDEN_CONSOLE_DIR || 'dist/console'),
    consentSigningKeyFile: env.CONSENT_SIGNING_KEY_FILE || undefined,
    publicUrl: (url(env, 'WARDEN_PUBLIC_URL', ['http', 'https']) ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    protectedAttributes: names(env, 'PROTECTED_ATTRIBUTES', ['sex', 'ageBand', 'ethnicity', 'race', 'disability']),
    retentionIntervalMs: integer(env, 'RETENTION_INTERVAL_MS', 3_600_000, 1000, 7 * 86_400_000),
    piiMaxBatch: integer(env, 'PII_MAX_BATCH', 100, 1, 10_000),
    piiMaxTextLength: integer(env, 'PII_MAX_TEXT_LENGTH', 20_000, 1, 1_000_000),
    piiTimeBudgetMs: integer(env, 'PII_TIME_BUDGET_MS', 250, 0, 60_000),
    serverTiming: flag(env, 'SERVER_TIMING', false),
  };
}
