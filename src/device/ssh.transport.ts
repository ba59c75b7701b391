import type { DeviceTarget } from './device.target';

/** How to open one SSH connection. */
export interface ConnectOptions {
  /** Budget for TCP connect, SSH handshake and login together. */
  timeoutMs: number;
  /** Decides on the host key before any credential is sent; `false` refuses the host. */
  onHostKey(fingerprint: string): boolean;
  /** Gives up (shutdown); the socket is destroyed. */
  signal?: AbortSignal;
}

export interface ExecOptions {
  /** Aborting closes the channel; exec then rejects with `signal.reason`. */
  signal: AbortSignal;
  /** More stdout than this closes the channel and fails the command. */
  maxOutputBytes: number;
}

export interface ExecResult {
  stdout: string;
  /** The exit status; `null` when the device sent none. */
  code: number | null;
  /** Set when the device reported the command killed by a signal. */
  exitSignal?: string;
}

/**
 * One logged-in SSH connection. `exec` opens a fresh channel per command, so several commands
 * may run on one connection at once. An `exec` promise settles only once its channel is closed.
 */
export interface SshConnection {
  readonly hostKeySha256: string;
  readonly isAlive: boolean;
  exec(command: string, options: ExecOptions): Promise<ExecResult>;
  /** Ends the connection; resolves once the socket is closed. */
  close(): Promise<void>;
  /** Called once when the connection closes for any reason. */
  onClose(callback: () => void): void;
}

/**
 * The seam between the pool and an SSH library. `connect` rejects with a DomainError:
 * MIKROTIK_AUTH_FAILED, MIKROTIK_HOST_KEY_MISMATCH or MIKROTIK_CONNECTION_FAILED.
 */
export abstract class SshTransport {
  abstract connect(target: DeviceTarget, options: ConnectOptions): Promise<SshConnection>;
}

/**
 * The device never got the command: the channel could not be opened (connection already gone,
 * or the device refused another channel). The only exec failure that is safe to retry.
 */
export class ChannelOpenError extends Error {
  constructor(
    message: string,
    /** True when the connection itself was gone, false when only the channel was refused. */
    readonly connectionLost: boolean,
  ) {
    super(message);
    this.name = 'ChannelOpenError';
  }
}
