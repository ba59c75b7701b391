import type { Role } from '../../src/auth/principal';

/** The least role a route needs, or `public`, as ../shared/spec/API.md lists them. */
export type Access = Role | 'public';

export interface RouteAccess {
  method: 'GET' | 'POST' | 'DELETE';
  /** A concrete path to call (`:key` filled in). */
  path: string;
  access: Access;
  /** A body that passes validation, for routes that need one. */
  body?: Record<string, unknown>;
  /** Why a route's access depends on a setting. */
  note?: string;
}

/** Every route of the API with its least role (API.md, Endpoints). */
export const ROUTE_TABLE: readonly RouteAccess[] = [
  { method: 'GET', path: '/api/health/live', access: 'public' },
  { method: 'GET', path: '/api/health/ready', access: 'public' },
  { method: 'GET', path: '/api/health', access: 'monitor' },
  { method: 'GET', path: '/api/stats', access: 'monitor' },
  { method: 'GET', path: '/metrics', access: 'monitor', note: 'public when METRICS_PUBLIC=true' },
  {
    method: 'POST',
    path: '/api/test',
    access: 'operator',
    body: { mikrotik_host: 'core-1', test_type: 'ping', target: '8.8.8.8', count: 1 },
  },
  {
    method: 'POST',
    path: '/api/test/batch',
    access: 'operator',
    body: { mikrotik_host: 'core-1', tests: [{ test_type: 'ping', target: '8.8.8.8', count: 1 }] },
  },
  {
    method: 'POST',
    path: '/api/connection-test',
    access: 'operator',
    body: { mikrotik_host: 'core-1' },
  },
  { method: 'GET', path: '/api/cache/status', access: 'operator' },
  { method: 'GET', path: '/api/cache', access: 'operator' },
  { method: 'GET', path: '/api/cache/some-key', access: 'operator' },
  { method: 'DELETE', path: '/api/cache/some-key', access: 'operator' },
  { method: 'DELETE', path: '/api/cache', access: 'admin' },
  { method: 'GET', path: '/api/devices', access: 'admin' },
  { method: 'GET', path: '/api/zabbix/discovery', access: 'monitor' },
  {
    method: 'GET',
    path: '/api/docs',
    access: 'public',
    note: 'served outside Nest; absent with SWAGGER_ENABLED=false',
  },
];

/** Who calls: no key, a key nobody issued, or a valid key of one role. */
export type Caller = 'none' | 'wrong' | Role;

export const CALLERS: readonly Caller[] = ['none', 'wrong', 'monitor', 'operator', 'admin'];

const RANK: Record<Role, number> = { monitor: 1, operator: 2, admin: 3 };

/**
 * What the access layer answers: 'allowed' (the route itself decides the status, e.g. 200, 404
 * for a missing cache key, 502 for an unreachable router), 401, or 403.
 */
export function expectedAccess(access: Access, caller: Caller): 'allowed' | 401 | 403 {
  if (access === 'public') return 'allowed';
  if (caller === 'none' || caller === 'wrong') return 401;
  return RANK[caller] >= RANK[access] ? 'allowed' : 403;
}

/** Headers that present `key` one way or the other. */
export function keyHeaders(
  key: string | undefined,
  style: 'bearer' | 'x-api-key' = 'bearer',
): Record<string, string> {
  if (key === undefined) return {};
  return style === 'bearer' ? { Authorization: `Bearer ${key}` } : { 'X-API-Key': key };
}
