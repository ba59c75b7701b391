import type { TestType } from './dto/test-parameters.dto';

/** The request-independent part of a test answer: what is cached and shared between callers. */
export interface MeasuredResult {
  test_type: TestType;
  mikrotik_host: string;
  target: string;
  execution_time_seconds: number;
  measured_at: string;
  results: Record<string, unknown>;
  metadata: {
    transport: 'ssh';
    routeros_version: string | null;
    test_duration_ms: number;
    command: string;
  };
}

/** A full POST /api/test answer. */
export interface TestResponse {
  status: 'success';
  test_type: TestType;
  timestamp: string;
  execution_time_seconds: number;
  cache_hit: boolean;
  cache_ttl: number;
  measured_at: string;
  age_seconds: number;
  stale?: boolean;
  mikrotik_host: string;
  target: string;
  results: Record<string, unknown>;
  metadata: {
    transport: 'ssh';
    routeros_version: string | null;
    test_duration_ms: number;
    cache_key: string;
    request_id: string;
    coalesced: boolean;
  };
}

/** Who is asking, for scopes and the audit trail. */
export interface CallContext {
  requestId: string;
  sourceIp?: string;
  keyId?: string;
  deviceScopes?: string[];
  targetScopes?: string[];
}
