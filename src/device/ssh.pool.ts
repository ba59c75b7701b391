import { createHmac, randomBytes } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error';
import { DeviceConfig } from '../config/configuration';
import { DeviceLimiter, type Release } from './device.limiter';
import { type DeviceTarget, deviceLabel, routerKey } from './device.target';
import { normalizeFingerprint } from './host-key.fingerprint';
import { type ConnectionEvent, type ConnectStats, SshConnector } from './ssh.connector';
import { ChannelOpenError, type ExecResult, type SshConnection } from './ssh.transport';
import { untilAborted } from './until-aborted';

/** What one command cost and where it ran. */
export interface PoolRunResult {
  exec: ExecResult;
  hostKeySha256: string;
  /** The connection was logged in before this command asked for it. */
  connectionReused: boolean;
  /** Waiting for a free session on the router. */
  queuedMs: number;
  /** Waiting for a login (0 on a reused connection). */
  connectMs: number;
  /** From getting a session to the last byte of output: connect (if any) and command. */
  durationMs: number;
}

export interface PoolStats extends ConnectStats {
  activeConnections: number;
  pooledKeys: number;
  inFlight: number;
  queued: number;
  devices: Record<string, { inFlight: number; queued: number }>;
}

// One SSH connection and the exec channels it carries.
interface Lane {
  connection: SshConnection;
  active: number;
  // Channels it takes at once; lowered when the device refuses one, 0 retires the lane.
  capacity: number;
  idleTimer?: NodeJS.Timeout;
}

interface Entry {
  lanes: Set<Lane>;
  connecting?: Promise<SshConnection>;
}

// A device that refuses channels or drops fresh logins gets this many tries per command.
const MAX_LEASE_ATTEMPTS = 3;

/**
 * SSH connections pooled per host, port, user, credential and pinned key, so a caller never
 * rides on a session someone else logged in with. Commands on one connection run on parallel
 * exec channels (one handshake, however many commands); the per-router session limit and queue
 * are the DeviceLimiter's. Connect retries happen in the SshConnector; a command that may have
 * reached the device is never re-run, only one whose channel could not be opened.
 */
@Injectable()
export class SshPool implements OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly limiter: DeviceLimiter;
  private readonly shutdown = new AbortController();
  // Credential fingerprints are keyed per process, so a pool key says nothing offline.
  private readonly secret = randomBytes(32);

  constructor(
    private readonly connector: SshConnector,
    private readonly config: DeviceConfig,
  ) {
    this.limiter = new DeviceLimiter(config.maxQueuePerDevice);
  }

  /**
   * Runs one command. It waits at most `queueWaitMs` (default `deadlineMs`) for a free session on
   * the router, then DEVICE_BUSY; from the moment it has one, login and command get `deadlineMs`,
   * after which the channel is closed and TIMEOUT_ERROR thrown. A queued test therefore never
   * loses its own run time to the tests ahead of it.
   */
  async run(
    target: DeviceTarget,
    command: string,
    options: { deadlineMs: number; queueWaitMs?: number; requestId?: string },
  ): Promise<PoolRunResult> {
    if (this.shutdown.signal.aborted) throw shuttingDown();
    const started = performance.now();
    const limit = target.maxSessions ?? this.config.maxSessionsPerDevice;
    const release = await this.acquireWithin(
      target,
      limit,
      options.queueWaitMs ?? options.deadlineMs,
    );
    const queuedMs = performance.now() - started;
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(timeout(target, options.deadlineMs)),
      options.deadlineMs,
    );
    try {
      // The slot is held until the channel is really closed, even after the caller gave up.
      const work = this.execute(target, command, deadline.signal, options.requestId).finally(
        release,
      );
      const result = await untilAborted(work, deadline.signal);
      return { ...result, queuedMs, durationMs: performance.now() - started - queuedMs };
    } finally {
      clearTimeout(timer);
    }
  }

  /** A session slot on the router, or DEVICE_BUSY once `waitMs` has passed in the queue. */
  private async acquireWithin(
    target: DeviceTarget,
    limit: number,
    waitMs: number,
  ): Promise<Release> {
    const wait = new AbortController();
    const timer = setTimeout(() => wait.abort(), waitMs);
    try {
      return await this.limiter.acquire(routerKey(target), limit, wait.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  onConnection(listener: (event: ConnectionEvent) => void): () => void {
    return this.connector.onConnection(listener);
  }

  stats(): PoolStats {
    const devices = this.limiter.snapshot();
    const lanes = [...this.entries.values()].flatMap((entry) => [...entry.lanes]);
    const perDevice = Object.values(devices);
    return {
      ...this.connector.stats(),
      activeConnections: lanes.filter((lane) => lane.connection.isAlive).length,
      pooledKeys: [...this.entries.values()].filter((entry) => entry.lanes.size > 0).length,
      inFlight: perDevice.reduce((sum, device) => sum + device.inFlight, 0),
      queued: perDevice.reduce((sum, device) => sum + device.queued, 0),
      devices,
    };
  }

  /** Fails waiters, abandons logins in progress and closes every connection. */
  async closeAll(): Promise<void> {
    this.shutdown.abort(shuttingDown());
    this.limiter.rejectAll(shuttingDown());
    const entries = [...this.entries.values()];
    await Promise.allSettled(entries.flatMap((entry) => entry.connecting ?? []));
    const lanes = entries.flatMap((entry) => [...entry.lanes]);
    await Promise.allSettled(lanes.map((lane) => this.retire(lane)));
    this.entries.clear();
  }

  async onModuleDestroy(): Promise<void> {
    await this.closeAll();
  }

  private async execute(
    target: DeviceTarget,
    command: string,
    signal: AbortSignal,
    requestId?: string,
  ): Promise<Omit<PoolRunResult, 'queuedMs' | 'durationMs'>> {
    for (let attempt = 1; ; attempt += 1) {
      const { lane, connectMs } = await this.lease(target, signal, requestId);
      try {
        const exec = await lane.connection.exec(command, {
          signal,
          maxOutputBytes: this.config.maxOutputBytes,
        });
        const hostKeySha256 = lane.connection.hostKeySha256;
        return {
          exec,
          hostKeySha256,
          connectionReused: connectMs === undefined,
          connectMs: connectMs ?? 0,
        };
      } catch (error) {
        if (!(error instanceof ChannelOpenError)) throw error;
        // The command never reached the device: safe to try on another connection.
        if (!error.connectionLost && lane.active > 1) lane.capacity = lane.active - 1;
        else lane.capacity = 0;
        if (attempt >= MAX_LEASE_ATTEMPTS) throw channelRefused(target, error);
      } finally {
        this.giveBack(lane);
      }
    }
  }

  // A lane with room for one more channel; logs in (once for all concurrent callers) if none.
  private async lease(
    target: DeviceTarget,
    signal: AbortSignal,
    requestId?: string,
  ): Promise<{ lane: Lane; connectMs?: number }> {
    const key = this.poolKey(target);
    let connectMs: number | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const entry = this.entry(key);
      const lane = [...entry.lanes].find((l) => l.connection.isAlive && l.active < l.capacity);
      if (lane !== undefined) {
        lane.active += 1;
        clearTimeout(lane.idleTimer);
        return { lane, connectMs };
      }
      if (this.shutdown.signal.aborted) throw shuttingDown();
      if (attempt > MAX_LEASE_ATTEMPTS) throw channelRefused(target);
      const started = performance.now();
      entry.connecting ??= this.open(key, entry, target, requestId);
      await untilAborted(entry.connecting, signal);
      connectMs = (connectMs ?? 0) + performance.now() - started;
    }
  }

  private async open(
    key: string,
    entry: Entry,
    target: DeviceTarget,
    requestId?: string,
  ): Promise<SshConnection> {
    try {
      const connection = await this.connector.connect(target, this.shutdown.signal, requestId);
      const lane: Lane = { connection, active: 0, capacity: Infinity };
      entry.lanes.add(lane);
      connection.onClose(() => this.forget(key, entry, lane));
      this.armIdle(lane);
      if (this.shutdown.signal.aborted) await this.retire(lane);
      return connection;
    } finally {
      entry.connecting = undefined;
      this.dropIfEmpty(key, entry);
    }
  }

  private giveBack(lane: Lane): void {
    lane.active -= 1;
    if (lane.active > 0) return;
    if (lane.capacity === 0) void this.retire(lane);
    else this.armIdle(lane);
  }

  private armIdle(lane: Lane): void {
    clearTimeout(lane.idleTimer);
    lane.idleTimer = setTimeout(() => void this.retire(lane), this.config.idleTimeoutMs);
    // An idle pool must not keep the process alive.
    lane.idleTimer.unref();
  }

  private async retire(lane: Lane): Promise<void> {
    lane.capacity = 0;
    clearTimeout(lane.idleTimer);
    await lane.connection.close();
  }

  // Dead or closed connections leave the pool; the next command logs in afresh.
  private forget(key: string, entry: Entry, lane: Lane): void {
    clearTimeout(lane.idleTimer);
    entry.lanes.delete(lane);
    this.dropIfEmpty(key, entry);
  }

  private dropIfEmpty(key: string, entry: Entry): void {
    if (
      entry.lanes.size === 0 &&
      entry.connecting === undefined &&
      this.entries.get(key) === entry
    ) {
      this.entries.delete(key);
    }
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { lanes: new Set() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private poolKey(target: DeviceTarget): string {
    const credential = createHmac('sha256', this.secret)
      .update(
        JSON.stringify([
          target.password ?? null,
          target.privateKey ?? null,
          target.passphrase ?? null,
        ]),
      )
      .digest('base64');
    const pin =
      target.hostKeySha256 === undefined ? null : normalizeFingerprint(target.hostKeySha256);
    return JSON.stringify([routerKey(target), target.username, pin, credential]);
  }
}

function timeout(target: DeviceTarget, deadlineMs: number): DomainError {
  return new DomainError(
    'TIMEOUT_ERROR',
    `${deviceLabel(target)} did not answer within ${deadlineMs} ms`,
    {
      details: { device: deviceLabel(target), deadline_ms: deadlineMs },
    },
  );
}

function channelRefused(target: DeviceTarget, cause?: Error): DomainError {
  return new DomainError(
    'MIKROTIK_CONNECTION_FAILED',
    `${deviceLabel(target)} refused a command channel`,
    {
      details: { reason: 'channel_refused' },
      cause,
    },
  );
}

function shuttingDown(): DomainError {
  return new DomainError('DEVICE_BUSY', 'The service is shutting down', { retryAfterSeconds: 5 });
}
