import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { RedisClient } from '../cache/redis.client';
import { CacheConfig } from '../config/configuration';
import { type ChangedHop, diffPaths, pathOf, TIMEOUT_HOP } from './path.diff';

/** What `annotate` adds to a traceroute's `results`. */
export interface PathAnnotation {
  /** First 16 hex digits of SHA-256 over the hop addresses in order (`*` for a timeout), joined by `,`. */
  path_hash: string;
  /** Against the previous traceroute of the same device and target; false for the first. */
  path_changed: boolean;
  /** The hops that differ from the previous path; empty when the path did not change. */
  changed_hops: ChangedHop[];
  /** Hops now minus hops before; null for the first traceroute. */
  hop_count_delta: number | null;
}

/** The last path seen for one device and target. */
interface LastPath {
  path: string[];
  t: number;
}

const KEY_PREFIX = 'sentinel:history:path:';
// The in-memory copy serves when Redis is absent or down; bounded like any cache.
const MEMORY_LIMIT = 10_000;

/** sha256 over the ordered hop addresses, timeouts as `*`, first 16 hex digits. */
export function pathHash(path: readonly string[]): string {
  return createHash('sha256').update(path.join(',')).digest('hex').slice(0, 16);
}

/**
 * Traceroute path-change detection: remembers the last path per device and target (in Redis
 * when configured, so replicas agree, and in memory) and says how a new one differs.
 */
@Injectable()
export class PathTracker {
  private readonly logger = new Logger('PathTracker');
  private readonly memory = new Map<string, LastPath>();

  constructor(
    private readonly redis: RedisClient,
    private readonly config: CacheConfig,
  ) {}

  /**
   * Adds `path_hash`, `path_changed`, `changed_hops` and `hop_count_delta` to traceroute
   * `results` (returned as a new object) and remembers this path for the next comparison.
   * Never throws: without a previous path the result is simply "not changed".
   */
  async annotate(
    deviceIdentity: string,
    target: string,
    results: Record<string, unknown>,
  ): Promise<Record<string, unknown> & PathAnnotation> {
    const hops = Array.isArray(results.hops) ? (results.hops as Array<{ address?: unknown }>) : [];
    const path = pathOf(hops);
    const key = seriesKey(deviceIdentity, target);
    const previous = await this.previous(key);
    const changedHops = previous === undefined ? [] : diffPaths(previous.path, path);
    this.remember(key, { path, t: Date.now() });
    return {
      ...results,
      path_hash: pathHash(path),
      path_changed: changedHops.length > 0,
      changed_hops: changedHops,
      hop_count_delta: previous === undefined ? null : path.length - previous.path.length,
    };
  }

  private async previous(key: string): Promise<LastPath | undefined> {
    const local = this.memory.get(key);
    const shared = await this.readShared(key);
    if (shared === undefined) return local;
    return local !== undefined && local.t > shared.t ? local : shared;
  }

  private async readShared(key: string): Promise<LastPath | undefined> {
    const redis = this.redis.available();
    if (redis === undefined) return undefined;
    try {
      const raw = await redis.get(KEY_PREFIX + key);
      return raw === null ? undefined : parseLastPath(raw);
    } catch {
      return undefined;
    }
  }

  // The shared copy is written in the background: a slow Redis must not delay the answer.
  private remember(key: string, last: LastPath): void {
    this.memory.delete(key);
    this.memory.set(key, last);
    if (this.memory.size > MEMORY_LIMIT) {
      const oldest = this.memory.keys().next();
      if (oldest.done !== true) this.memory.delete(oldest.value);
    }
    this.redis
      .available()
      ?.set(KEY_PREFIX + key, JSON.stringify(last), 'EX', this.config.historyRetentionSeconds)
      .catch((error: unknown) => {
        this.logger.debug(
          `Path not shared through Redis: ${error instanceof Error ? error.message : 'unknown'}`,
        );
      });
  }
}

// The identity of a device reached with request credentials embeds a digest of them: keep even
// that out of Redis key names.
function seriesKey(deviceIdentity: string, target: string): string {
  return createHash('sha256')
    .update(`${deviceIdentity}\0${target.toLowerCase()}`)
    .digest('hex')
    .slice(0, 32);
}

function parseLastPath(raw: string): LastPath | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LastPath>;
    if (!Array.isArray(value.path) || typeof value.t !== 'number') return undefined;
    return {
      path: value.path.map((hop) => (typeof hop === 'string' ? hop : TIMEOUT_HOP)),
      t: value.t,
    };
  } catch {
    return undefined;
  }
}
