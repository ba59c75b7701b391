import type { PingPoint, PointView, SeriesId, TraceroutePoint } from '../../history/history.types';

const KEY_STORAGE = 'sentinel.apiKey';

/** The key lives in sessionStorage only: gone when the tab closes, never in localStorage or a cookie. */
export const session = {
  key: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  signIn: (key: string): void => sessionStorage.setItem(KEY_STORAGE, key),
  signOut: (): void => sessionStorage.removeItem(KEY_STORAGE),
};

export type Role = 'monitor' | 'operator' | 'admin';

const RANK: Record<Role, number> = { monitor: 1, operator: 2, admin: 3 };

export function roleAllows(held: Role, required: Role): boolean {
  return RANK[held] >= RANK[required];
}

/** An error answer of the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** What the user reads: the code and the server's message. */
  describe(): string {
    const device =
      typeof this.details.device_message === 'string'
        ? ` (router said: ${this.details.device_message})`
        : '';
    return `${this.code}: ${this.message}${device}`;
  }
}

interface ErrorEnvelope {
  error?: { code?: unknown; message?: unknown };
  details?: Record<string, unknown>;
}

let unauthorized: (() => void) | undefined;

/** Called when the API refuses the signed-in key (401) after sign-in. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

/** Calls the API with the signed-in key. */
export async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const key = session.key();
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The service did not answer');
  }
  const payload = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const envelope = (payload ?? {}) as ErrorEnvelope;
    const code =
      typeof envelope.error?.code === 'string' ? envelope.error.code : `HTTP_${response.status}`;
    const message =
      typeof envelope.error?.message === 'string' ? envelope.error.message : response.statusText;
    if (response.status === 401 && key !== null && path !== '/api/whoami') unauthorized?.();
    throw new ApiError(response.status, code, message, envelope.details ?? {});
  }
  return payload as T;
}

export const get = <T>(path: string): Promise<T> => call<T>('GET', path);

/** A GET that answers undefined on 404: for endpoints this server may not have (yet). */
export async function getOptional<T>(path: string): Promise<T | undefined> {
  try {
    return await get<T>(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

export function query(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) search.set(name, value);
  return `${path}?${search.toString()}`;
}

// The answers the dashboard reads; fields it does not show are left out.

export interface Whoami {
  key_id: string;
  role: Role;
}

export interface HistoryAnswer extends SeriesId {
  count: number;
  points: PointView[];
}

interface SeriesOf<
  T extends SeriesId['test_type'],
  P extends PingPoint | TraceroutePoint,
> extends SeriesId {
  test_type: T;
  points: number;
  last: PointView<P> | null;
}

export type PingSeriesView = SeriesOf<'ping', PingPoint>;
export type TracerouteSeriesView = SeriesOf<'traceroute', TraceroutePoint>;
export type SeriesView = PingSeriesView | TracerouteSeriesView;

export interface TargetsAnswer {
  backend: string;
  series: SeriesView[];
}

export type DiscoveryAnswer =
  Array<{ '{#DEVICE}'?: unknown; '{#TARGET}'?: unknown }> | { data?: DiscoveryAnswer };

export interface InventoryAnswer {
  devices: Array<{
    name: string;
    host: string;
    port: number;
    username: string;
    auth: string;
    host_key_sha256: string | null;
    max_sessions: number | null;
    targets: string[];
  }>;
}

export interface CacheEntry {
  key: string;
  test_type: string;
  mikrotik_host: string;
  target: string;
  age_seconds: number;
  expires_in_seconds: number;
}

export interface CacheListAnswer {
  backend: string;
  count: number;
  entries: CacheEntry[];
}

export interface TestAnswer {
  test_type: 'ping' | 'traceroute';
  mikrotik_host: string;
  target: string;
  measured_at: string;
  cache_hit: boolean;
  execution_time_seconds: number;
  results: Record<string, unknown>;
}

export interface ConnectionAnswer {
  connection_test: {
    ssh_connection_successful: boolean;
    authentication_successful: boolean;
    connection_time_ms: number | null;
    host_key_sha256: string | null;
    device_info: Record<string, unknown>;
  };
}
