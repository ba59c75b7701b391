import type { Client, ClientChannel } from 'ssh2';
import { DomainError } from '../common/errors/domain.error';
import { ChannelOpenError, type ExecOptions, type ExecResult } from './ssh.transport';

// A device that does not confirm a channel close within this time is wedged: drop the connection.
const CHANNEL_CLOSE_GRACE_MS = 1_000;

/**
 * One command on one exec channel. The promise settles only once the channel is closed, so a
 * caller that counts settled promises counts open channels on the device.
 */
export class SshExecChannel {
  private channel?: ClientChannel;
  private failure?: unknown;
  private exit?: { code: number | null; signal?: string };
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private graceTimer?: NodeJS.Timeout;

  constructor(
    private readonly client: Client,
    private readonly connectionClosed: () => boolean,
    private readonly destroyConnection: () => void,
  ) {}

  run(command: string, { signal, maxOutputBytes }: ExecOptions): Promise<ExecResult> {
    return new Promise<ExecResult>((resolve, reject) => {
      const settle = (error: unknown, result?: ExecResult): void => {
        clearTimeout(this.graceTimer);
        signal.removeEventListener('abort', onAbort);
        if (result !== undefined && error === undefined) resolve(result);
        else reject(error instanceof Error ? error : new Error(String(error)));
      };
      const onAbort = (): void => this.fail(signal.reason);
      if (signal.aborted) {
        settle(signal.reason);
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        this.client.exec(command, (err, channel) => {
          if (err !== undefined) {
            settle(this.failure ?? openError(err));
            return;
          }
          this.attach(channel, maxOutputBytes, settle);
        });
      } catch (error) {
        // ssh2 throws synchronously when the socket is already gone.
        settle(new ChannelOpenError(errorMessage(error), true));
      }
    });
  }

  private attach(
    channel: ClientChannel,
    maxOutputBytes: number,
    settle: (error: unknown, result?: ExecResult) => void,
  ): void {
    this.channel = channel;
    channel.on('data', (chunk: Buffer) => this.collect(chunk, maxOutputBytes, true));
    // RouterOS writes nothing to stderr; whatever comes still counts towards the bound.
    channel.stderr.on('data', (chunk: Buffer) => this.collect(chunk, maxOutputBytes, false));
    channel.on('exit', (code: number | null, exitSignal?: string) => {
      this.exit = { code, signal: exitSignal ?? undefined };
    });
    channel.on('error', (error: Error) =>
      this.fail(
        new DomainError('MIKROTIK_CONNECTION_FAILED', 'The command channel failed', {
          details: { reason: 'channel_error' },
          cause: error,
        }),
      ),
    );
    channel.once('close', () => {
      if (this.failure !== undefined) return settle(this.failure);
      if (this.exit === undefined && this.connectionClosed()) {
        // The transport died under the command: partial output is not a result.
        return settle(
          new DomainError(
            'MIKROTIK_CONNECTION_FAILED',
            'The connection dropped before the command finished',
            {
              details: { reason: 'connection_lost' },
            },
          ),
        );
      }
      const stdout = Buffer.concat(this.chunks).toString('utf8');
      settle(undefined, { stdout, code: this.exit?.code ?? null, exitSignal: this.exit?.signal });
    });
    // No stdin: tell the device so, as `ssh host cmd </dev/null` does.
    channel.end();
    if (this.failure !== undefined) this.shut();
  }

  private collect(chunk: Buffer, limit: number, keep: boolean): void {
    if (this.failure !== undefined) return;
    this.bytes += chunk.length;
    if (this.bytes > limit) {
      this.fail(
        new DomainError('MIKROTIK_COMMAND_FAILED', 'The device sent more output than allowed', {
          details: { reason: 'output_too_large', max_output_bytes: limit },
        }),
      );
      return;
    }
    if (keep) this.chunks.push(chunk);
  }

  private fail(reason: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    this.shut();
  }

  // Close the channel (or, before it exists, wait for it); a device that never answers costs the
  // whole connection, which also settles us through ssh2's channel cleanup.
  private shut(): void {
    this.channel?.close();
    if (this.graceTimer !== undefined) return;
    this.graceTimer = setTimeout(() => this.destroyConnection(), CHANNEL_CLOSE_GRACE_MS);
    this.graceTimer.unref();
  }
}

function openError(error: Error): Error {
  const reason = (error as Error & { reason?: unknown }).reason;
  // A numeric reason is the device's SSH_MSG_CHANNEL_OPEN_FAILURE: it refused the channel.
  if (typeof reason === 'number') return new ChannelOpenError(error.message, false);
  if (/No response from server|Not connected|No free channels/i.test(error.message)) {
    return new ChannelOpenError(error.message, true);
  }
  // 'Unable to exec' and the like: the request may have reached the device; never retried.
  return new DomainError(
    'MIKROTIK_CONNECTION_FAILED',
    `The device did not run the command: ${error.message}`,
    {
      details: { reason: 'exec_failed' },
    },
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
