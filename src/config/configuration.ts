import { ConfigError, type Env, EnvReader } from './env.reader';

// Each concern is a class so it doubles as its own injection token:
// `constructor(private readonly ssh: SshConfig)`.

export class ServerConfig {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly logLevel: 'error' | 'warn' | 'info' | 'debug' | 'verbose',
    readonly requestTimeoutMs: number,
    readonly bodyLimitBytes: number,
    readonly trustProxy: boolean,
    readonly corsOrigins: string[],
    readonly swaggerEnabled: boolean,
    readonly tlsCertFile: string | undefined,
    readonly tlsKeyFile: string | undefined,
  ) {}
}

export class AuthConfig {
  constructor(
    readonly enabled: boolean,
    /** `API_KEYS` entries as `id:role:secret`. */
    readonly apiKeys: string[],
    readonly apiKeysFile: string | undefined,
    /** The legacy single admin key. */
    readonly legacyApiKey: string | undefined,
    readonly allowRequestCredentials: boolean,
  ) {}
}

export class DeviceConfig {
  constructor(
    readonly devicesFile: string | undefined,
    readonly connectTimeoutMs: number,
    readonly maxRetries: number,
    readonly maxSessionsPerDevice: number,
    readonly maxQueuePerDevice: number,
    readonly idleTimeoutMs: number,
    readonly strictHostKeyChecking: 'yes' | 'accept-new' | 'no',
    readonly knownHostsFile: string,
    readonly maxOutputBytes: number,
    /** The environment as read at start: inventory entries name their password variables. */
    readonly secretEnv: Env,
  ) {}
}

export class CacheConfig {
  constructor(
    readonly redisUrl: string | undefined,
    readonly ttlPingSeconds: number,
    readonly ttlTracerouteSeconds: number,
    readonly maxEntries: number,
    readonly staleMaxAgeSeconds: number,
    readonly readinessRequiresRedis: boolean,
    readonly coalesceWaitMs: number,
    readonly historyMaxPoints: number,
    readonly historyRetentionSeconds: number,
  ) {}
}

export class RateLimitConfig {
  constructor(
    readonly enabled: boolean,
    readonly perIpPerMinute: number,
    readonly perKeyPerMinute: number,
    readonly globalPerMinute: number,
  ) {}
}

export class AuditConfig {
  constructor(
    readonly file: string,
    readonly maxSizeBytes: number,
    readonly maxFiles: number,
    readonly syslogHost: string | undefined,
    readonly syslogPort: number,
    readonly syslogProtocol: 'udp4' | 'tcp4' | 'udp6' | 'tcp6',
  ) {}
}

export class MetricsConfig {
  constructor(
    readonly enabled: boolean,
    readonly isPublic: boolean,
  ) {}
}

export interface Configuration {
  server: ServerConfig;
  auth: AuthConfig;
  device: DeviceConfig;
  cache: CacheConfig;
  rateLimit: RateLimitConfig;
  audit: AuditConfig;
  metrics: MetricsConfig;
}

/**
 * Reads and validates every setting once, at start. Throws ConfigError naming the first bad
 * variable; nothing else in the code base reads the environment.
 */
export function loadConfiguration(env: Env = process.env): Configuration {
  const read = new EnvReader(env);
  const tlsCertFile = read.optional('TLS_CERT_FILE');
  const tlsKeyFile = read.optional('TLS_KEY_FILE');
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined)) {
    const missing = tlsCertFile === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE';
    throw new ConfigError(missing, 'TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  }
  const server = new ServerConfig(
    read.string('COLLECTOR_HOST', '0.0.0.0'),
    read.int('COLLECTOR_PORT', 5000, 0, 65535),
    read.oneOf('LOG_LEVEL', 'info', ['error', 'warn', 'info', 'debug', 'verbose'] as const),
    read.number('REQUEST_TIMEOUT', 60, 1, 3600) * 1000,
    read.bytes('BODY_LIMIT', 64 * 1024),
    read.bool('TRUST_PROXY', false),
    read.list('CORS_ORIGINS'),
    read.bool('SWAGGER_ENABLED', true),
    tlsCertFile,
    tlsKeyFile,
  );
  const auth = new AuthConfig(
    read.bool('ENABLE_AUTH', true),
    read.list('API_KEYS'),
    read.optional('API_KEYS_FILE'),
    read.optional('API_KEY'),
    read.bool('ALLOW_REQUEST_CREDENTIALS', true),
  );
  const device = new DeviceConfig(
    read.optional('DEVICES_FILE'),
    read.number('SSH_TIMEOUT', 10, 0.1, 300) * 1000,
    read.int('SSH_MAX_RETRIES', 2, 0, 10),
    read.int('SSH_MAX_SESSIONS_PER_DEVICE', 2, 1, 64),
    read.int('SSH_MAX_QUEUE_PER_DEVICE', 100, 0, 10000),
    read.number('SSH_IDLE_TIMEOUT', 60, 1, 86400) * 1000,
    read.oneOf('STRICT_HOST_KEY_CHECKING', 'accept-new', ['yes', 'accept-new', 'no'] as const),
    read.string('KNOWN_HOSTS_FILE', 'data/known_hosts'),
    read.bytes('SSH_MAX_OUTPUT', 1024 * 1024),
    env,
  );
  const cache = new CacheConfig(
    redisUrl(read),
    read.int('CACHE_TTL', 30, 0, 86400),
    read.int('CACHE_TTL_TRACEROUTE', 300, 0, 86400),
    read.int('MAX_CACHE_SIZE', 1000, 1, 1_000_000),
    read.int('STALE_MAX_AGE', 3600, 0, 7 * 86400),
    read.bool('READINESS_REQUIRES_REDIS', true),
    read.number('COALESCE_WAIT', 120, 1, 3600) * 1000,
    read.int('HISTORY_MAX_POINTS', 1440, 1, 100_000),
    read.int('HISTORY_RETENTION', 7 * 86400, 60, 365 * 86400),
  );
  const rateLimit = new RateLimitConfig(
    read.bool('RATE_LIMIT_ENABLED', true),
    read.ratePerMinute('RATE_LIMIT_PER_IP', 100),
    read.ratePerMinute('RATE_LIMIT_PER_API_KEY', 1000),
    read.ratePerMinute('RATE_LIMIT_GLOBAL', 5000),
  );
  const audit = new AuditConfig(
    read.string('AUDIT_LOG_FILE', 'logs/security_audit.log'),
    read.bytes('AUDIT_LOG_MAX_SIZE', 50 * 1024 * 1024),
    read.int('AUDIT_LOG_MAX_FILES', 10, 1, 1000),
    read.optional('SYSLOG_HOST'),
    read.int('SYSLOG_PORT', 514, 1, 65535),
    read.oneOf('SYSLOG_PROTOCOL', 'udp4', ['udp4', 'tcp4', 'udp6', 'tcp6'] as const),
  );
  const metrics = new MetricsConfig(
    read.bool('METRICS_ENABLED', true),
    read.bool('METRICS_PUBLIC', false),
  );
  return { server, auth, device, cache, rateLimit, audit, metrics };
}

function redisUrl(read: EnvReader): string | undefined {
  const url = read.optional('REDIS_URL');
  if (url !== undefined) {
    if (!/^rediss?:\/\//.test(url))
      throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
    try {
      new URL(url);
    } catch {
      throw new ConfigError('REDIS_URL', 'is not a valid URL');
    }
    return url;
  }
  const host = read.optional('REDIS_HOST');
  if (host === undefined) return undefined;
  const port = read.int('REDIS_PORT', 6379, 1, 65535);
  const db = read.int('REDIS_DB', 0, 0, 255);
  const password = read.optional('REDIS_PASSWORD');
  const auth = password === undefined ? '' : `:${encodeURIComponent(password)}@`;
  return `redis://${auth}${host.includes(':') ? `[${host}]` : host}:${port}/${db}`;
}
