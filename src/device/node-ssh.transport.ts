import { Socket } from 'node:net';
import { Injectable } from '@nestjs/common';
import { type Config, NodeSSH } from 'node-ssh';
import type { Client } from 'ssh2';
import { DomainError } from '../common/errors/domain.error';
import { type DeviceTarget, deviceLabel } from './device.target';
import { sha256Fingerprint } from './host-key.fingerprint';
import { SshExecChannel } from './ssh-exec.channel';
import {
  type ConnectOptions,
  type ExecOptions,
  type ExecResult,
  type SshConnection,
  SshTransport,
} from './ssh.transport';

// Dead peers (rebooted router, dropped NAT state) are noticed within 3 x 15 s while idle.
const KEEPALIVE_INTERVAL_MS = 15_000;
const KEEPALIVE_COUNT_MAX = 3;
// A peer that ignores our disconnect must not keep the socket (and the process) alive.
const CLOSE_GRACE_MS = 1_000;

interface Ssh2Error extends Error {
  level?: string;
  code?: string;
}

/**
 * RouterOS login suffix: `+ct` turns off colours and terminal detection, which removes most
 * escape sequences at the source. A name that already carries a suffix is left alone.
 */
export function routerOsUsername(username: string): string {
  return /\+[a-z0-9]+$/i.test(username) ? username : `${username}+ct`;
}

/** The real transport: node-ssh (ssh2) over a TCP socket with Nagle's algorithm off. */
@Injectable()
export class NodeSshTransport extends SshTransport {
  async connect(target: DeviceTarget, options: ConnectOptions): Promise<SshConnection> {
    // Without TCP_NODELAY every request/reply exchange waits ~40 ms for a delayed ACK.
    const sock = new Socket();
    sock.setNoDelay(true);

    let presented: string | undefined;
    let refused = false;
    const ssh = new NodeSSH();
    const config: Config = {
      sock,
      username: routerOsUsername(target.username),
      password: target.password,
      privateKey: target.privateKey,
      passphrase: target.passphrase,
      // RouterOS builds that only offer keyboard-interactive still get the password.
      tryKeyboard: target.password !== undefined,
      readyTimeout: options.timeoutMs,
      keepaliveInterval: KEEPALIVE_INTERVAL_MS,
      keepaliveCountMax: KEEPALIVE_COUNT_MAX,
      hostVerifier: (key: Buffer) => {
        presented = sha256Fingerprint(key);
        refused = !options.onHostKey(presented);
        return !refused;
      },
    };
    const onAbort = (): void => {
      sock.destroy();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      sock.connect(target.port, target.host);
      const connecting = ssh.connect(config);
      // ssh2 throws on an 'error' without listener once node-ssh drops its own after login.
      ssh.connection?.on('error', () => undefined);
      await connecting;
      const client = ssh.connection;
      if (client === null || presented === undefined) {
        throw new DomainError(
          'MIKROTIK_CONNECTION_FAILED',
          `${deviceLabel(target)} closed the connection`,
        );
      }
      return new NodeSshConnection(client, presented);
    } catch (error) {
      sock.destroy();
      throw classifyConnectError(target, error, refused ? presented : undefined);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** One ssh2 client; each exec is its own channel, so commands may overlap. */
class NodeSshConnection implements SshConnection {
  private closed = false;
  private readonly closeCallbacks: Array<() => void> = [];
  private readonly closedPromise: Promise<void>;

  constructor(
    private readonly client: Client,
    readonly hostKeySha256: string,
  ) {
    this.closedPromise = new Promise((resolve) => {
      client.once('close', () => {
        this.closed = true;
        for (const callback of this.closeCallbacks.splice(0)) callback();
        resolve();
      });
    });
  }

  get isAlive(): boolean {
    return !this.closed;
  }

  exec(command: string, options: ExecOptions): Promise<ExecResult> {
    return new SshExecChannel(
      this.client,
      () => this.closed,
      () => this.destroy(),
    ).run(command, options);
  }

  onClose(callback: () => void): void {
    if (this.closed) callback();
    else this.closeCallbacks.push(callback);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.client.end();
    const timer = setTimeout(() => this.destroy(), CLOSE_GRACE_MS);
    timer.unref();
    await this.closedPromise;
    clearTimeout(timer);
  }

  private destroy(): void {
    this.client.destroy();
  }
}

function classifyConnectError(
  target: DeviceTarget,
  error: unknown,
  refusedFingerprint: string | undefined,
): DomainError {
  const label = deviceLabel(target);
  const where = { host: target.host, port: target.port };
  if (error instanceof DomainError) return error;
  if (refusedFingerprint !== undefined) {
    return new DomainError('MIKROTIK_HOST_KEY_MISMATCH', `Host key of ${label} was refused`, {
      details: { ...where, host_key_sha256: refusedFingerprint },
    });
  }
  const err: Ssh2Error = error instanceof Error ? error : new Error(String(error));
  // Key parsing fails before any packet is sent: a credential problem, not worth a retry.
  const badKey = /privateKey|passphrase|decrypt/i.test(err.message);
  if (err.level === 'client-authentication' || badKey) {
    const message = badKey ? 'the private key could not be used' : 'the device rejected the login';
    return new DomainError('MIKROTIK_AUTH_FAILED', `SSH login to ${label} failed: ${message}`, {
      details: where,
    });
  }
  const timedOut = err.level === 'client-timeout' || err.code === 'ETIMEDOUT';
  const reason = timedOut ? 'timeout' : (err.code ?? err.level ?? 'error');
  return new DomainError(
    'MIKROTIK_CONNECTION_FAILED',
    `Cannot connect to ${label}: ${timedOut ? 'timed out' : err.message}`,
    { details: { ...where, reason } },
  );
}
