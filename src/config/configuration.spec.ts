import { loadConfiguration } from './configuration';
import { ConfigError } from './env.reader';

describe('loadConfiguration', () => {
  it('starts with no settings at all, on the documented defaults', () => {
    const config = loadConfiguration({});
    expect(config.server.port).toBe(5000);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.auth.enabled).toBe(true);
    expect(config.auth.allowRequestCredentials).toBe(true);
    expect(config.cache.redisUrl).toBeUndefined();
    expect(config.cache.ttlPingSeconds).toBe(30);
    expect(config.cache.ttlTracerouteSeconds).toBe(300);
    expect(config.cache.maxEntries).toBe(1000);
    expect(config.device.connectTimeoutMs).toBe(10_000);
    expect(config.device.maxRetries).toBe(2);
    expect(config.device.maxSessionsPerDevice).toBe(2);
    expect(config.device.idleTimeoutMs).toBe(60_000);
    expect(config.device.strictHostKeyChecking).toBe('accept-new');
    expect(config.server.requestTimeoutMs).toBe(60_000);
    expect(config.rateLimit).toMatchObject({
      enabled: true,
      perIpPerMinute: 100,
      perKeyPerMinute: 1000,
      globalPerMinute: 5000,
    });
    expect(config.audit.file).toBe('logs/security_audit.log');
    expect(config.audit.maxSizeBytes).toBe(50 * 1024 * 1024);
    expect(config.audit.maxFiles).toBe(10);
    expect(config.metrics).toMatchObject({ enabled: true, isPublic: false });
    expect(config.server.swaggerEnabled).toBe(true);
    expect(config.server.trustProxy).toBe(false);
    expect(config.server.corsOrigins).toEqual([]);
  });

  it.each([
    ['COLLECTOR_PORT', 'http'],
    ['COLLECTOR_PORT', '70000'],
    ['ENABLE_AUTH', 'maybe'],
    ['SSH_TIMEOUT', 'ten'],
    ['SSH_MAX_SESSIONS_PER_DEVICE', '0'],
    ['STRICT_HOST_KEY_CHECKING', 'sometimes'],
    ['REDIS_URL', 'http://127.0.0.1'],
    ['RATE_LIMIT_PER_IP', 'lots'],
    ['AUDIT_LOG_MAX_SIZE', 'big'],
    ['LOG_LEVEL', 'chatty'],
    ['SYSLOG_PROTOCOL', 'carrier-pigeon'],
  ])('stops on %s=%s with one line naming the variable', (variable, value) => {
    expect(() => loadConfiguration({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfiguration({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
  });

  it('requires both TLS files together', () => {
    expect(() => loadConfiguration({ TLS_CERT_FILE: '/tmp/cert.pem' })).toThrow(/^TLS_KEY_FILE: /);
  });

  it('builds a Redis URL from its parts, escaping the password', () => {
    const config = loadConfiguration({
      REDIS_HOST: '10.0.0.5',
      REDIS_PORT: '6380',
      REDIS_PASSWORD: 'p@ss/word',
      REDIS_DB: '2',
    });
    expect(config.cache.redisUrl).toBe('redis://:p%40ss%2Fword@10.0.0.5:6380/2');
  });

  it('reads rates per second, minute and hour', () => {
    expect(loadConfiguration({ RATE_LIMIT_PER_IP: '10/s' }).rateLimit.perIpPerMinute).toBe(600);
    expect(loadConfiguration({ RATE_LIMIT_PER_IP: '100/min' }).rateLimit.perIpPerMinute).toBe(100);
    expect(loadConfiguration({ RATE_LIMIT_PER_IP: '6000/h' }).rateLimit.perIpPerMinute).toBe(100);
  });
});
