import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain.error';
import { type DeviceTarget, deviceLabel } from './device.target';
import { HostKeyPolicy } from './host-key.policy';
import { type ConnectionEvent } from './ssh.connector';
import { type PoolStats, SshPool } from './ssh.pool';

/** Options of one command. */
export interface DeviceRunOptions {
  /** Budget for login and the command, from the moment a session on the router is free. */
  deadlineMs: number;
  /** Longest wait for a free session before DEVICE_BUSY (default `deadlineMs`). */
  queueWaitMs?: number;
  requestId?: string;
}

/** Raw output of one command; parsing it is the caller's business. */
export interface DeviceRunResult {
  output: string;
  /** From getting a session on the router to the last byte: login (if needed) and command. */
  durationMs: number;
  /** The part of `durationMs` spent logging in; 0 on a reused connection. */
  connectMs: number;
  hostKeySha256: string;
  connectionReused: boolean;
  /** Waiting for a free session on the router, before `durationMs` starts. */
  queuedMs: number;
}

// A device message is quoted into errors, never a whole flood of output.
const DEVICE_MESSAGE_MAX = 500;

/**
 * Runs RouterOS commands over pooled SSH connections and returns what the router printed. Errors
 * are DomainErrors: MIKROTIK_CONNECTION_FAILED, MIKROTIK_AUTH_FAILED, MIKROTIK_HOST_KEY_MISMATCH,
 * MIKROTIK_COMMAND_FAILED, DEVICE_BUSY (with retryAfterSeconds) or TIMEOUT_ERROR.
 */
@Injectable()
export class DeviceService {
  private readonly logger = new Logger(DeviceService.name);

  constructor(
    private readonly pool: SshPool,
    private readonly audit: AuditService,
    private readonly hostKeys: HostKeyPolicy,
  ) {
    pool.onConnection((event) => this.recordConnection(event));
  }

  async run(
    target: DeviceTarget,
    command: string,
    options: DeviceRunOptions,
  ): Promise<DeviceRunResult> {
    const result = await this.pool.run(target, command, options);
    const { stdout, code, exitSignal } = result.exec;
    // RouterOS reports its own errors as output with status 0; anything else means the command
    // did not run to its end (killed, or not RouterOS at all), so its output is no result.
    if (exitSignal !== undefined || (code !== null && code !== 0)) {
      throw new DomainError(
        'MIKROTIK_COMMAND_FAILED',
        `The command on ${deviceLabel(target)} did not complete`,
        {
          details: {
            exit_code: code,
            exit_signal: exitSignal ?? null,
            device_message: lastLines(stdout),
          },
        },
      );
    }
    return {
      output: stdout,
      durationMs: result.durationMs,
      connectMs: result.connectMs,
      hostKeySha256: result.hostKeySha256,
      connectionReused: result.connectionReused,
      queuedMs: result.queuedMs,
    };
  }

  /** Pool and connect counters for /api/stats, /metrics and health. */
  stats(): PoolStats {
    return this.pool.stats();
  }

  /** Re-reads KNOWN_HOSTS_FILE (wire to SIGHUP). Throws, keeping the old pins, if unreadable. */
  reloadKnownHosts(): void {
    this.hostKeys.reload();
  }

  private recordConnection(event: ConnectionEvent): void {
    const { target, error } = event;
    const fields = {
      request_id: event.requestId,
      device: deviceLabel(target),
      host: target.host,
      port: target.port,
      user: target.username,
      auth_method: target.privateKey !== undefined ? 'publickey' : 'password',
      attempts: event.attempts,
      duration_ms: Math.round(event.durationMs),
      host_key_sha256: event.hostKeySha256 ?? null,
    };
    this.audit.record('ssh_connection', {
      ...fields,
      success: event.success,
      ...(error === undefined ? {} : { error_code: error.code, detail: error.message }),
    });
    if (error?.code === 'MIKROTIK_HOST_KEY_MISMATCH') {
      this.audit.record('host_key_mismatch', {
        ...fields,
        expected_host_key_sha256: error.details.expected_host_key_sha256 ?? null,
        strict_host_key_checking: error.details.strict_host_key_checking,
        detail: error.message,
      });
    }
    if (error !== undefined)
      this.logger.warn(`SSH connection to ${fields.device} failed: ${error.message}`);
  }
}

function lastLines(output: string): string {
  const text = output.replace(/\s+$/, '');
  return text.length <= DEVICE_MESSAGE_MAX ? text : `...${text.slice(-DEVICE_MESSAGE_MAX)}`;
}
