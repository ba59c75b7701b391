import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Configuration } from '../config/configuration';
import type { ControlResult } from './control.report';
import { estimateKeyStrength, MIN_KEY_BITS } from './key.strength';

// Each function judges one control of the guidelines' compliance check from the configuration
// the service itself would run with; none of them reads the environment again.

export function authentication(config: Configuration): ControlResult {
  const base = { id: 'authentication', title: 'API authentication' };
  return config.auth.enabled
    ? {
        ...base,
        status: 'pass',
        detail: 'ENABLE_AUTH is on: every route but health and docs needs a key',
      }
    : {
        ...base,
        status: 'fail',
        detail: 'ENABLE_AUTH=false: anyone who reaches the port can make the routers run commands',
        remedy: 'remove ENABLE_AUTH=false and configure API_KEYS or API_KEYS_FILE',
      };
}

/**
 * Judges the plain secrets of API_KEYS and API_KEY; keys from API_KEYS_FILE exist only as hashes.
 * `fileKeys` is how many keys that file holds, as the auth module parsed it.
 */
export function keyStrength(config: Configuration, fileKeys: number): ControlResult {
  const base = { id: 'key_strength', title: `API keys carry at least ${MIN_KEY_BITS} bits` };
  if (!config.auth.enabled) {
    return { ...base, status: 'warn', detail: 'not judged: authentication is off' };
  }
  const secrets = plainSecrets(config);
  const notes =
    fileKeys > 0
      ? [
          `${fileKeys} key(s) in API_KEYS_FILE are stored as SHA-256: their strength cannot be judged from the hash`,
        ]
      : [];
  if (secrets.length === 0 && fileKeys === 0) {
    return {
      ...base,
      status: 'warn',
      detail:
        'no key configured: the service makes a random admin key at each start, and replicas will not share it',
      remedy: 'set API_KEYS with keys from `openssl rand -hex 32`',
    };
  }
  const weak = secrets
    .map((entry) => ({ id: entry.id, ...estimateKeyStrength(entry.secret) }))
    .filter((entry) => entry.placeholder || entry.bits < MIN_KEY_BITS)
    .map((entry) =>
      entry.placeholder ? `${entry.id} (a placeholder)` : `${entry.id} (~${entry.bits} bits)`,
    );
  if (weak.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: [`too weak: ${weak.join(', ')}`, ...notes].join('; '),
      remedy: 'generate each key with `openssl rand -hex 32` (256 bits)',
    };
  }
  const judged =
    secrets.length > 0 ? [`${secrets.length} key(s) at ${MIN_KEY_BITS} bits or more`] : [];
  return { ...base, status: 'pass', detail: [...judged, ...notes].join('; ') };
}

// The auth module keeps only hashes, so the secrets are split out here the way it splits them
// (`id:role:secret`, the secret after the second colon); it has already validated the entries.
function plainSecrets(config: Configuration): Array<{ id: string; secret: string }> {
  const entries = config.auth.apiKeys.map((entry) => {
    const [id, , ...secret] = entry.split(':');
    return { id, secret: secret.join(':') };
  });
  if (config.auth.legacyApiKey !== undefined)
    entries.push({ id: 'API_KEY', secret: config.auth.legacyApiKey });
  return entries;
}

/** Redis holds measurements and rate-limit counters; anyone who can write it can skew both. */
export function redisPassword(config: Configuration): ControlResult {
  const base = { id: 'redis_password', title: 'Redis requires a long password' };
  const url = config.cache.redisUrl;
  if (url === undefined) {
    return { ...base, status: 'pass', detail: 'no Redis configured: the cache is in memory' };
  }
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  const where = `${parsed.protocol}//${parsed.hostname}:${parsed.port || '6379'}`;
  const remedy =
    'use a password from `openssl rand -hex 32` in REDIS_PASSWORD (or REDIS_URL) and Redis requirepass';
  if (password === '') {
    return { ...base, status: 'fail', detail: `${where} is used without a password`, remedy };
  }
  if (password.length < 16) {
    return {
      ...base,
      status: 'fail',
      detail: `${where}: the password has only ${password.length} characters`,
      remedy,
    };
  }
  if (password.length < 32) {
    return {
      ...base,
      status: 'warn',
      detail: `${where}: the password has ${password.length} characters, under 32`,
      remedy,
    };
  }
  const transport = parsed.protocol === 'rediss:' ? ' over TLS' : '';
  return {
    ...base,
    status: 'pass',
    detail: `${where}${transport}: password of ${password.length} characters`,
  };
}

export function tls(config: Configuration, now: Date): ControlResult {
  const base = { id: 'tls', title: 'TLS served or terminated in front' };
  const { tlsCertFile, trustProxy, host } = config.server;
  if (tlsCertFile !== undefined) {
    let validTo: Date;
    try {
      validTo = new Date(new X509Certificate(readFileSync(tlsCertFile)).validTo);
    } catch (error) {
      return {
        ...base,
        status: 'fail',
        detail: `TLS_CERT_FILE ${tlsCertFile}: ${(error as Error).message}`,
        remedy: 'point TLS_CERT_FILE at a PEM certificate',
      };
    }
    const days = Math.floor((validTo.getTime() - now.getTime()) / 86_400_000);
    if (days < 0)
      return {
        ...base,
        status: 'fail',
        detail: `the certificate expired on ${validTo.toISOString()}`,
        remedy: 'renew the certificate',
      };
    if (days < 30)
      return {
        ...base,
        status: 'warn',
        detail: `the certificate expires in ${days} days`,
        remedy: 'renew the certificate',
      };
    return {
      ...base,
      status: 'pass',
      detail: `served by the collector, certificate valid until ${validTo.toISOString().slice(0, 10)}`,
    };
  }
  if (trustProxy) {
    return {
      ...base,
      status: 'pass',
      detail:
        'TRUST_PROXY=true: TLS is terminated in front; the proxy must be the only way to the port',
    };
  }
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost') {
    return { ...base, status: 'pass', detail: `plain HTTP, but only on ${host}` };
  }
  return {
    ...base,
    status: 'warn',
    detail: `plain HTTP on ${host}: API keys cross the network in clear text`,
    remedy:
      'set TLS_CERT_FILE and TLS_KEY_FILE, or terminate TLS in a proxy (config/nginx) and set TRUST_PROXY=true',
  };
}

export function requestCredentials(config: Configuration): ControlResult {
  const base = { id: 'request_credentials', title: 'router credentials only from the inventory' };
  if (config.auth.allowRequestCredentials) {
    return {
      ...base,
      status: 'warn',
      detail:
        'ALLOW_REQUEST_CREDENTIALS=true: callers may send router passwords and reach any host an operator key names',
      remedy: 'list the routers in DEVICES_FILE and set ALLOW_REQUEST_CREDENTIALS=false',
    };
  }
  const inventory =
    config.device.devicesFile === undefined ? ' (no DEVICES_FILE: nothing can be tested)' : '';
  return { ...base, status: 'pass', detail: `ALLOW_REQUEST_CREDENTIALS=false${inventory}` };
}

export function rateLimits(config: Configuration): ControlResult {
  const base = { id: 'rate_limits', title: 'rate limits on' };
  const { enabled, perIpPerMinute, perKeyPerMinute, globalPerMinute } = config.rateLimit;
  if (!enabled) {
    return {
      ...base,
      status: 'fail',
      detail: 'RATE_LIMIT_ENABLED=false: keys can be guessed without limit',
      remedy: 'remove RATE_LIMIT_ENABLED=false',
    };
  }
  const detail = `per IP ${perIpPerMinute}/min, per key ${perKeyPerMinute}/min, global ${globalPerMinute}/min`;
  if (perIpPerMinute > perKeyPerMinute) {
    return {
      ...base,
      status: 'warn',
      detail: `${detail}: callers without a key get more than callers with one`,
      remedy: 'keep RATE_LIMIT_PER_IP below RATE_LIMIT_PER_API_KEY',
    };
  }
  return { ...base, status: 'pass', detail };
}

export function metricsAccess(config: Configuration): ControlResult {
  const base = { id: 'metrics_access', title: '/metrics needs a key' };
  if (!config.metrics.enabled) return { ...base, status: 'pass', detail: 'METRICS_ENABLED=false' };
  if (config.metrics.isPublic) {
    return {
      ...base,
      status: 'warn',
      detail: 'METRICS_PUBLIC=true: device names and traffic volumes are readable without a key',
      remedy:
        'give Prometheus a monitor key (config/prometheus/prometheus.yml) and drop METRICS_PUBLIC',
    };
  }
  return { ...base, status: 'pass', detail: 'scraping needs a monitor key' };
}
