import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error';
import { DeviceConfig } from '../config/configuration';
import { type DeviceTarget, deviceLabel } from './device.target';
import { HostKeyPolicy, type HostKeyVerdict } from './host-key.policy';
import { type SshConnection, SshTransport } from './ssh.transport';

/** One finished connect, successful or not, after any retries. The audit trail is built on it. */
export interface ConnectionEvent {
  target: DeviceTarget;
  requestId?: string;
  success: boolean;
  attempts: number;
  durationMs: number;
  /** The key the router presented, when it got that far. */
  hostKeySha256?: string;
  error?: DomainError;
}

/** Connect counters for metrics; `handshakes` counts every attempt, successful or not. */
export interface ConnectStats {
  handshakes: number;
  connectAttempts: {
    success: number;
    auth_failed: number;
    failed: number;
    host_key_mismatch: number;
  };
  failedConnections: number;
  averageConnectMs: number;
}

// Retries are for connecting only: refused, unreachable, timed out. 250 ms, 500 ms, 1 s, ... 2 s.
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 2_000;

/**
 * Opens logged-in connections: host key policy, connect timeout, retries with backoff for
 * connection failures (never for a refused login or host key), counters and events.
 */
@Injectable()
export class SshConnector {
  private readonly logger = new Logger(SshConnector.name);
  private readonly listeners = new Set<(event: ConnectionEvent) => void>();
  private readonly counts: ConnectStats = {
    handshakes: 0,
    connectAttempts: { success: 0, auth_failed: 0, failed: 0, host_key_mismatch: 0 },
    failedConnections: 0,
    averageConnectMs: 0,
  };
  private totalConnectMs = 0;

  constructor(
    private readonly transport: SshTransport,
    private readonly config: DeviceConfig,
    private readonly hostKeys: HostKeyPolicy,
  ) {}

  /** Subscribes to connect outcomes; returns the unsubscribe function. */
  onConnection(listener: (event: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): ConnectStats {
    return { ...this.counts, connectAttempts: { ...this.counts.connectAttempts } };
  }

  /** Rejects with MIKROTIK_AUTH_FAILED, MIKROTIK_HOST_KEY_MISMATCH or MIKROTIK_CONNECTION_FAILED. */
  async connect(
    target: DeviceTarget,
    signal: AbortSignal,
    requestId?: string,
  ): Promise<SshConnection> {
    const started = performance.now();
    for (let attempt = 1; ; attempt += 1) {
      // An aborted signal no longer fires: check it before every attempt.
      if (signal.aborted) throw abandoned(target);
      this.counts.handshakes += 1;
      let verdict: HostKeyVerdict | undefined;
      let presented: string | undefined;
      const attemptStarted = performance.now();
      try {
        const connection = await this.transport.connect(target, {
          timeoutMs: this.config.connectTimeoutMs,
          signal,
          onHostKey: (fingerprint) => {
            presented = fingerprint;
            verdict = this.hostKeys.verify(target, fingerprint);
            return verdict.accepted;
          },
        });
        this.counts.connectAttempts.success += 1;
        this.totalConnectMs += performance.now() - attemptStarted;
        this.counts.averageConnectMs = this.totalConnectMs / this.counts.connectAttempts.success;
        const durationMs = performance.now() - started;
        const hostKeySha256 = connection.hostKeySha256;
        this.emit({
          target,
          requestId,
          success: true,
          attempts: attempt,
          durationMs,
          hostKeySha256,
        });
        return connection;
      } catch (caught) {
        const error = this.describe(target, caught, verdict, presented);
        this.countFailure(error);
        const retry =
          error.code === 'MIKROTIK_CONNECTION_FAILED' &&
          attempt <= this.config.maxRetries &&
          !signal.aborted;
        if (!retry) {
          this.counts.failedConnections += 1;
          const durationMs = performance.now() - started;
          this.emit({
            target,
            requestId,
            success: false,
            attempts: attempt,
            durationMs,
            hostKeySha256: presented,
            error,
          });
          throw error;
        }
        const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
        await sleep(backoff, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private describe(
    target: DeviceTarget,
    caught: unknown,
    verdict: HostKeyVerdict | undefined,
    presented: string | undefined,
  ): DomainError {
    if (verdict !== undefined && !verdict.accepted) {
      return new DomainError(
        'MIKROTIK_HOST_KEY_MISMATCH',
        `Host key ${presented} of ${deviceLabel(target)} ${verdict.reason}`,
        {
          details: {
            host: target.host,
            port: target.port,
            host_key_sha256: presented,
            expected_host_key_sha256: verdict.expected ?? null,
            strict_host_key_checking: this.hostKeys.mode,
          },
        },
      );
    }
    if (caught instanceof DomainError) return caught;
    return new DomainError(
      'MIKROTIK_CONNECTION_FAILED',
      `Cannot connect to ${deviceLabel(target)}`,
      {
        details: { host: target.host, port: target.port },
        cause: caught,
      },
    );
  }

  private countFailure(error: DomainError): void {
    const attempts = this.counts.connectAttempts;
    if (error.code === 'MIKROTIK_AUTH_FAILED') attempts.auth_failed += 1;
    else if (error.code === 'MIKROTIK_HOST_KEY_MISMATCH') attempts.host_key_mismatch += 1;
    else attempts.failed += 1;
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.listeners) {
      // An observer (the audit trail) must never turn a good connection into a failed one.
      try {
        listener(event);
      } catch (error) {
        this.logger.error(`Connection listener failed: ${String(error)}`);
      }
    }
  }
}

function abandoned(target: DeviceTarget): DomainError {
  return new DomainError(
    'MIKROTIK_CONNECTION_FAILED',
    `Connecting to ${deviceLabel(target)} was abandoned`,
    {
      details: { host: target.host, port: target.port, reason: 'shutdown' },
    },
  );
}
