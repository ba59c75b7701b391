import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { CacheConfig } from '../config/configuration';

/** `not_configured`: no REDIS_URL / REDIS_HOST, the service runs on its in-memory cache. */
export type RedisStatus = 'connected' | 'disconnected' | 'not_configured';

// A Redis that is down must cost a request nothing: commands fail at once instead of queueing
// while disconnected; a hung server fails a command after 0.5 s and its socket is dropped after
// 1 s without an answer (so later commands fail at once again); the client reconnects forever
// with a short capped backoff so the cache comes back by itself. Auto-pipelining sends the
// commands of concurrent requests (Zabbix polls in bursts) in one write.
const CONNECTION_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 500,
  socketTimeout: 1_000,
  enableAutoPipelining: true,
  connectTimeout: 2_000,
  retryStrategy: (attempt: number) => Math.min(100 * 2 ** Math.min(attempt, 4), 1_000),
};

/**
 * The app's one Redis connection (plus, on demand, one for pub/sub), for the cache, the
 * coalescing locks and anyone else that needs Redis (rate limits, history). Every caller must
 * treat Redis as optional: `available()` answers undefined while it is down.
 */
@Injectable()
export class RedisClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Redis');
  private readonly connection?: Redis;
  private subscriber?: Redis;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private state: 'new' | 'up' | 'down' | 'closed' = 'new';

  constructor(config: CacheConfig) {
    if (config.redisUrl === undefined) return;
    this.connection = new Redis(config.redisUrl, {
      ...CONNECTION_OPTIONS,
      connectionName: 'sentinel',
    });
    this.watch(this.connection);
  }

  /** True when a Redis URL is configured, whether or not it is reachable now. */
  get configured(): boolean {
    return this.connection !== undefined;
  }

  /** The connection when it can take a command right now; undefined while down or unconfigured. */
  available(): Redis | undefined {
    return this.connection?.status === 'ready' ? this.connection : undefined;
  }

  status(): RedisStatus {
    if (this.connection === undefined) return 'not_configured';
    return this.connection.status === 'ready' ? 'connected' : 'disconnected';
  }

  /** Round-trip time of a PING in ms, or undefined when Redis does not answer. */
  async ping(): Promise<number | undefined> {
    const redis = this.available();
    if (redis === undefined) return undefined;
    const started = process.hrtime.bigint();
    try {
      await redis.ping();
      return Number(process.hrtime.bigint() - started) / 1e6;
    } catch {
      return undefined;
    }
  }

  /**
   * Delivers every message published on `channel` to `handler`, over a second connection (a
   * subscribed connection cannot run other commands). Resubscribes after each reconnect.
   */
  subscribe(channel: string, handler: (message: string) => void): void {
    if (this.connection === undefined) return;
    const known = this.handlers.get(channel);
    if (known !== undefined) {
      known.add(handler);
      return;
    }
    this.handlers.set(channel, new Set([handler]));
    const subscriber = this.subscriberConnection(this.connection);
    if (subscriber.status === 'ready') this.resubscribe(subscriber);
  }

  /**
   * Gives Redis a moment to connect before the app takes requests, so a replica does not start
   * by running tests alone that its peers are already running. A refused connection ends the
   * wait at once; an unreachable host after the connect timeout. Never fails the start.
   */
  async onModuleInit(): Promise<void> {
    const connection = this.connection;
    if (connection === undefined || connection.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        connection.off('ready', done);
        connection.off('error', done);
        resolve();
      };
      const timer = setTimeout(done, CONNECTION_OPTIONS.connectTimeout);
      connection.once('ready', done);
      connection.once('error', done);
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.state = 'closed';
    await Promise.all([close(this.subscriber), close(this.connection)]);
  }

  private subscriberConnection(connection: Redis): Redis {
    if (this.subscriber !== undefined) return this.subscriber;
    const subscriber = connection.duplicate({ connectionName: 'sentinel-sub' });
    subscriber.on('error', () => undefined); // the command connection already reports outages
    subscriber.on('ready', () => this.resubscribe(subscriber));
    subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(message);
    });
    this.subscriber = subscriber;
    return subscriber;
  }

  private resubscribe(subscriber: Redis): void {
    const channels = [...this.handlers.keys()];
    if (channels.length === 0) return;
    subscriber.subscribe(...channels).catch(() => undefined); // retried on the next 'ready'
  }

  private watch(connection: Redis): void {
    // Log each transition once, not every failed reconnect attempt.
    connection.on('ready', () => {
      if (this.state === 'closed') return;
      if (this.state === 'down')
        this.logger.log('Redis connection restored: the shared cache is back');
      this.state = 'up';
    });
    const lost = (reason: string) => {
      if (this.state === 'closed') return;
      if (this.state !== 'down') {
        this.logger.warn(
          `Redis unavailable (${reason}): answering without the shared cache, reconnecting`,
        );
      }
      this.state = 'down';
    };
    connection.on('error', (error: Error & { code?: string }) => lost(error.code ?? error.name));
    connection.on('close', () => lost('connection closed'));
  }
}

async function close(connection: Redis | undefined): Promise<void> {
  if (connection === undefined || connection.status === 'end') return;
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  const timer = new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref());
  await Promise.race([
    connection.quit().then(
      () => undefined,
      () => undefined,
    ),
    timer,
  ]);
  connection.disconnect();
}
