import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { CallContext } from '../probe/probe.types';
import type { CacheEntrySummary } from './cache.envelope';
import { type CacheStatus, ResultCacheService } from './result-cache.service';

/** The cache endpoints: what the cache holds, and removing entries on the audit trail. */
@Injectable()
export class CacheAdminService {
  constructor(
    private readonly cache: ResultCacheService,
    private readonly audit: AuditService,
  ) {}

  status(): Promise<CacheStatus> {
    return this.cache.status();
  }

  async list(): Promise<{
    backend: 'redis' | 'memory';
    count: number;
    entries: CacheEntrySummary[];
  }> {
    const entries = await this.cache.list();
    return { backend: this.cache.counters().backend, count: entries.length, entries };
  }

  entry(key: string): Promise<CacheEntrySummary & { measured_at: string; value: unknown }> {
    return this.cache.entry(key);
  }

  async remove(key: string, caller: CallContext): Promise<{ status: 'deleted'; key: string }> {
    await this.cache.remove(key);
    this.audit.record('cache_cleared', {
      ...who(caller),
      scope: 'entry',
      key,
      detail: `entry ${key}`,
    });
    return { status: 'deleted', key };
  }

  async clear(caller: CallContext): Promise<{ status: 'cleared'; removed: number }> {
    const removed = await this.cache.clear();
    this.audit.record('cache_cleared', {
      ...who(caller),
      scope: 'all',
      removed,
      detail: `${removed} entries`,
    });
    return { status: 'cleared', removed };
  }
}

function who(caller: CallContext): { request_id: string; source_ip?: string; key_id?: string } {
  return { request_id: caller.requestId, source_ip: caller.sourceIp, key_id: caller.keyId };
}
