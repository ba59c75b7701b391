import type { ControlResult } from './control.report';
import { type HttpProbe, jsonBody, type ProbeResponse } from './http.probe';

// The guidelines' post-deployment validation, one control per function, against a running
// instance. Every request is read-only except the monitor key's test, which must be refused.

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** A documentation address (RFC 5737): should a misconfigured key get through, nothing answers. */
const HARMLESS_TEST = {
  mikrotik_host: '192.0.2.1',
  mikrotik_user: 'security-validate',
  mikrotik_password: 'not-a-real-password',
  test_type: 'ping',
  target: '192.0.2.1',
  count: 1,
  use_cache: false,
};

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export function tls(
  probe: HttpProbe,
  hostname: string,
  live: ProbeResponse,
  now: Date,
): ControlResult {
  const base = { id: 'tls', title: 'TLS valid when used' };
  if (!probe.isHttps) {
    return LOOPBACK.has(hostname)
      ? { ...base, status: 'pass', detail: 'plain HTTP on loopback: nothing crosses a network' }
      : {
          ...base,
          status: 'warn',
          detail:
            'plain HTTP: keys cross the network in clear text unless a TLS proxy sits on this hop',
          remedy:
            'validate the public https:// URL, or serve TLS (TLS_CERT_FILE/TLS_KEY_FILE, config/nginx)',
        };
  }
  const facts = live.tls;
  if (facts === undefined) return { ...base, status: 'fail', detail: 'no TLS session information' };
  const protocol = facts.protocol ?? 'unknown';
  if (protocol !== 'TLSv1.2' && protocol !== 'TLSv1.3') {
    return {
      ...base,
      status: 'fail',
      detail: `negotiated ${protocol}`,
      remedy: 'allow TLS 1.2 and 1.3 only',
    };
  }
  const days =
    facts.validTo === undefined
      ? undefined
      : Math.floor((facts.validTo.getTime() - now.getTime()) / 86_400_000);
  if (days !== undefined && days < 14) {
    return {
      ...base,
      status: 'warn',
      detail: `${protocol}; the certificate expires in ${days} days`,
      remedy: 'renew the certificate',
    };
  }
  return {
    ...base,
    status: 'pass',
    detail: `${protocol}, certificate chain and name verified${days === undefined ? '' : `, ${days} days left`}`,
  };
}

/** The certificate did not verify: report why; the other controls go on without verification. */
export function tlsFailure(error: Error): ControlResult {
  const code = (error as NodeJS.ErrnoException).code;
  return {
    id: 'tls',
    title: 'TLS valid when used',
    status: 'fail',
    detail: `the certificate does not verify: ${code ?? error.message}`,
    remedy:
      'use a certificate from a CA the clients trust, for this host name (or pass --ca for a private CA)',
  };
}

// What helmet sets and a scanner looks for; HSTS only matters over https.
const REQUIRED_HEADERS: ReadonlyArray<[string, (value: string) => boolean]> = [
  ['x-content-type-options', (value) => value.toLowerCase() === 'nosniff'],
  ['x-frame-options', (value) => /^(deny|sameorigin)$/i.test(value)],
  ['content-security-policy', (value) => value.length > 0],
  ['referrer-policy', (value) => value.length > 0],
  ['cross-origin-opener-policy', (value) => value.length > 0],
];

export function securityHeaders(probe: HttpProbe, live: ProbeResponse): ControlResult {
  const base = { id: 'security_headers', title: 'security headers present' };
  const header = (name: string): string => {
    const value = live.headers[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? '');
  };
  const required = [...REQUIRED_HEADERS];
  if (probe.isHttps)
    required.push(['strict-transport-security', (value) => /max-age=\d+/.test(value)]);
  const missing = required.filter(([name, valid]) => !valid(header(name))).map(([name]) => name);
  if (header('x-powered-by') !== '') missing.push('x-powered-by should be absent');
  if (missing.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: `missing or wrong: ${missing.join(', ')}`,
      remedy: 'serve through bootstrap() (helmet) and keep the proxy from stripping them',
    };
  }
  return { ...base, status: 'pass', detail: required.map(([name]) => name).join(', ') };
}

export async function unauthenticatedRejected(probe: HttpProbe): Promise<ControlResult> {
  const base = { id: 'unauthenticated_rejected', title: 'requests without a valid key get 401' };
  const attempts: Array<[string, Promise<ProbeResponse>]> = [
    ['GET /api/health without a key', probe.request({ path: '/api/health' })],
    [
      'GET /api/health with an unknown key',
      probe.request({ path: '/api/health', headers: bearer('sentinel-validate-unknown-key') }),
    ],
    [
      'POST /api/test without a key',
      probe.request({ method: 'POST', path: '/api/test', json: HARMLESS_TEST }),
    ],
  ];
  const wrong: string[] = [];
  for (const [what, pending] of attempts) {
    const response = await pending;
    if (response.status !== 401) wrong.push(`${what}: ${response.status}`);
    else if (errorCode(response) !== 'UNAUTHORIZED')
      wrong.push(`${what}: 401 without the UNAUTHORIZED error envelope`);
  }
  if (wrong.length > 0) {
    return { ...base, status: 'fail', detail: wrong.join('; '), remedy: 'turn ENABLE_AUTH on' };
  }
  return { ...base, status: 'pass', detail: `${attempts.length} attempts, each 401 UNAUTHORIZED` };
}

export async function keyAccepted(probe: HttpProbe, key: string): Promise<ControlResult> {
  const base = { id: 'key_accepted', title: 'the given key is accepted' };
  const response = await probe.request({ path: '/api/health', headers: bearer(key) });
  return response.status === 200
    ? { ...base, status: 'pass', detail: 'GET /api/health: 200' }
    : {
        ...base,
        status: 'fail',
        detail: `GET /api/health with --key: ${response.status}`,
        remedy: 'pass a key from API_KEYS',
      };
}

export async function monitorCannotTest(
  probe: HttpProbe,
  monitorKey: string | undefined,
): Promise<ControlResult> {
  const base = { id: 'monitor_cannot_test', title: 'a monitor key cannot run a test' };
  if (monitorKey === undefined) {
    return {
      ...base,
      status: 'warn',
      detail: 'skipped: no --monitor-key given',
      remedy: 'pass --monitor-key with a key of role monitor',
    };
  }
  const stats = await probe.request({ path: '/api/health', headers: bearer(monitorKey) });
  if (stats.status !== 200) {
    return {
      ...base,
      status: 'fail',
      detail: `the monitor key is not accepted: GET /api/health answered ${stats.status}`,
    };
  }
  const test = await probe.request({
    method: 'POST',
    path: '/api/test',
    headers: bearer(monitorKey),
    json: HARMLESS_TEST,
  });
  if (test.status === 403 && errorCode(test) === 'FORBIDDEN') {
    return { ...base, status: 'pass', detail: 'POST /api/test: 403 FORBIDDEN' };
  }
  return {
    ...base,
    status: 'fail',
    detail: `POST /api/test with the monitor key answered ${test.status}${errorCode(test) === undefined ? '' : ` ${errorCode(test)}`}`,
    remedy: 'give Zabbix and Prometheus keys of role monitor only where they must not run tests',
  };
}

export async function metricsProtected(probe: HttpProbe): Promise<ControlResult> {
  const base = { id: 'metrics_protected', title: '/metrics needs a key' };
  const response = await probe.request({ path: '/metrics' });
  switch (response.status) {
    case 401:
      return { ...base, status: 'pass', detail: 'GET /metrics without a key: 401' };
    case 404:
      return { ...base, status: 'pass', detail: 'GET /metrics: 404 (metrics are off)' };
    case 200:
      return {
        ...base,
        status: 'warn',
        detail: 'GET /metrics without a key: 200 (METRICS_PUBLIC=true)',
        remedy: 'scrape with a monitor key instead',
      };
    default:
      return { ...base, status: 'fail', detail: `GET /metrics without a key: ${response.status}` };
  }
}

/**
 * Hammers one protected route without a key until 429, giving up after the per-IP limit plus a
 * margin, so a service without a limiter is found out in a bounded number of requests.
 */
export async function rateLimited(
  probe: HttpProbe,
  limitHint: number | undefined,
): Promise<ControlResult> {
  const base = { id: 'rate_limit', title: 'the rate limit answers 429' };
  const first = await probe.request({ path: '/api/health' });
  const advertised = Number(first.headers['x-ratelimit-limit']);
  const limit = limitHint ?? (Number.isInteger(advertised) && advertised > 0 ? advertised : 100);
  const budget = limit + Math.max(10, Math.ceil(limit * 0.2));
  let response = first;
  let sent = 1;
  while (response.status !== 429 && sent < budget) {
    response = await probe.request({ path: '/api/health' });
    sent += 1;
  }
  if (response.status !== 429) {
    return {
      ...base,
      status: 'fail',
      detail: `${sent} requests without a key, no 429 (per-IP limit taken as ${limit})`,
      remedy:
        'turn RATE_LIMIT_ENABLED on; behind a proxy set TRUST_PROXY so clients are told apart',
    };
  }
  const retryAfter = response.headers['retry-after'];
  if (retryAfter === undefined) {
    return {
      ...base,
      status: 'warn',
      detail: `429 after ${sent} requests, but without Retry-After`,
    };
  }
  return {
    ...base,
    status: 'pass',
    detail: `429 after ${sent} requests without a key, Retry-After: ${String(retryAfter)}`,
  };
}

function errorCode(response: ProbeResponse): string | undefined {
  const body = jsonBody(response) as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === 'string' ? body.error.code : undefined;
}
