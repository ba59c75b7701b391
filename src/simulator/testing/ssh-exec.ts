import { Client, type ConnectConfig } from 'ssh2';

/** What one exec returned. */
export interface ExecOutput {
  readonly stdout: string;
  /** null when the channel closed without an exit-status (drop, hang ended by the client). */
  readonly code: number | null;
}

/** A connected ssh2 client with the host key it was shown. */
export interface OpenClient {
  readonly client: Client;
  readonly hostKey: Buffer;
}

/** Connects and authenticates; rejects with ssh2's error (auth failure, timeout, reset). */
export function connect(config: ConnectConfig): Promise<OpenClient> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKey: Buffer = Buffer.alloc(0);
    client.once('ready', () => resolve({ client, hostKey }));
    client.on('error', (error) => {
      client.end();
      reject(error);
    });
    client.connect({
      readyTimeout: 5000,
      ...config,
      hostVerifier: (key: Buffer) => {
        hostKey = key;
        return true;
      },
    });
  });
}

/**
 * Runs one command and collects its output until the channel closes. A dropped connection
 * resolves too, with what arrived so far and no code; `onData` sees every chunk and may stop it.
 */
export function exec(
  client: Client,
  command: string,
  onData?: (chunk: string, stop: () => void) => void,
): Promise<ExecOutput> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) {
        reject(error);
        return;
      }
      let stdout = '';
      let code: number | null = null;
      let settled = false;
      const settle = (): void => {
        if (!settled) {
          settled = true;
          client.off('close', settle);
          resolve({ stdout, code });
        }
      };
      channel.on('data', (chunk: Buffer) => {
        const text = chunk.toString('latin1');
        stdout += text;
        onData?.(text, () => channel.close());
      });
      channel.on('exit', (status: number | null) => {
        code = status;
      });
      channel.on('close', settle);
      client.once('close', settle);
    });
  });
}

/** Connect, run one command, disconnect. */
export async function execOnce(config: ConnectConfig, command: string): Promise<ExecOutput> {
  const { client } = await connect(config);
  try {
    return await exec(client, command);
  } finally {
    client.end();
  }
}
