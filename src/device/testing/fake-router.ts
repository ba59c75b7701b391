import { createServer, type Server as NetServer, type Socket } from 'node:net';
import {
  type AuthContext,
  type AuthenticationType,
  type Connection,
  type ParsedKey,
  Server as SshServer,
  type ServerChannel,
  utils,
} from 'ssh2';
import { sha256Fingerprint } from '../host-key.fingerprint';

export interface FakeUser {
  username: string;
  password?: string;
  /** OpenSSH public key line (`ssh-ed25519 AAAA...`). */
  publicKey?: string;
}

export interface FakeRouterOptions {
  users: FakeUser[];
  /** Accept the password only through keyboard-interactive, as some RouterOS builds do. */
  keyboardInteractiveOnly?: boolean;
  /** Refuse a session channel beyond this many open on one connection. */
  maxChannelsPerConnection?: number;
}

/** `reset`: accept TCP then drop it; `silent`: accept TCP and never speak SSH. */
export type FakeRouterMode = 'normal' | 'reset' | 'silent';

/**
 * A tiny SSH server for the device specs, on 127.0.0.1 only, that counts what a router would
 * see: TCP connections, logins, open exec channels. Commands are a small test language:
 * `echo <text>`, `sleep <ms>`, `bytes <n>`, `flood`, `drop`, `exit <code>`, `killed`,
 * `noexit`, `hang`.
 */
export class FakeRouter {
  mode: FakeRouterMode = 'normal';
  tcpConnections = 0;
  logins = 0;
  failedLogins = 0;
  readonly usernamesSeen: string[] = [];
  readonly commands: string[] = [];
  openChannels = 0;
  maxOpenChannels = 0;
  closedChannels = 0;
  refusedChannels = 0;
  private hostKey: ParsedKey;
  private hostKeyPem: string;
  private ssh: SshServer;
  private readonly net: NetServer;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: FakeRouterOptions) {
    [this.hostKeyPem, this.hostKey] = newHostKey();
    this.ssh = this.makeSshServer();
    this.net = createServer((socket) => this.accept(socket));
  }

  get hostKeySha256(): string {
    return sha256Fingerprint(this.hostKey.getPublicSSH());
  }

  /** The public host key line, for `ssh-keygen -lf`. */
  get hostPublicKey(): string {
    return `${this.hostKey.type} ${this.hostKey.getPublicSSH().toString('base64')}`;
  }

  async start(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve) => this.net.listen(0, '127.0.0.1', resolve));
    return { host: '127.0.0.1', port: this.port };
  }

  get port(): number {
    const address = this.net.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return address.port;
  }

  /** New connections see a new host key; open ones keep theirs. */
  rotateHostKey(): void {
    [this.hostKeyPem, this.hostKey] = newHostKey();
    this.ssh = this.makeSshServer();
  }

  /** Cuts every TCP connection, as a router reboot would. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  get connectedSockets(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.net.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.tcpConnections += 1;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.mode === 'reset') socket.destroy();
    else if (this.mode === 'normal') this.ssh.injectSocket(socket);
  }

  private makeSshServer(): SshServer {
    return new SshServer({ hostKeys: [this.hostKeyPem] }, (client) => this.serve(client));
  }

  private serve(client: Connection): void {
    let channels = 0;
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => this.authenticate(ctx));
    client.on('ready', () => {
      this.logins += 1;
      client.on('session', (accept, reject) => {
        const limit = this.options.maxChannelsPerConnection ?? Infinity;
        if (channels >= limit) {
          this.refusedChannels += 1;
          reject();
          return;
        }
        channels += 1;
        const session = accept();
        let opened = false;
        // The session, not the exec stream, reports the client's channel close.
        session.once('close', () => {
          channels -= 1;
          if (!opened) return;
          this.openChannels -= 1;
          this.closedChannels += 1;
        });
        session.on('exec', (acceptExec, _reject, info) => {
          const channel = acceptExec();
          opened = true;
          this.openChannels += 1;
          this.maxOpenChannels = Math.max(this.maxOpenChannels, this.openChannels);
          this.commands.push(info.command);
          // Discard stdin so the stream can end.
          channel.resume();
          this.execute(info.command, channel, (listener) => session.once('close', listener));
        });
      });
    });
  }

  private authenticate(ctx: AuthContext): void {
    this.usernamesSeen.push(ctx.username);
    // RouterOS strips the `+ct` style options before it looks the user up.
    const user = this.options.users.find((u) => u.username === ctx.username.replace(/\+\w+$/, ''));
    const allowed: AuthenticationType[] = this.options.keyboardInteractiveOnly
      ? ['keyboard-interactive']
      : ['password', 'publickey'];
    const fail = (): void => {
      if (ctx.method !== 'none') this.failedLogins += 1;
      ctx.reject(allowed);
    };
    if (user === undefined || !allowed.includes(ctx.method)) return fail();
    if (ctx.method === 'password') {
      return ctx.password === user.password ? ctx.accept() : fail();
    }
    if (ctx.method === 'keyboard-interactive') {
      ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) =>
        answers[0] === user.password ? ctx.accept() : fail(),
      );
      return;
    }
    if (ctx.method === 'publickey' && user.publicKey !== undefined) {
      const key = utils.parseKey(user.publicKey);
      if (key instanceof Error || !ctx.key.data.equals(key.getPublicSSH())) return fail();
      if (ctx.signature === undefined) return ctx.accept();
      return key.verify(ctx.blob ?? Buffer.alloc(0), ctx.signature, ctx.hashAlgo) === true
        ? ctx.accept()
        : fail();
    }
    fail();
  }

  private execute(
    command: string,
    channel: ServerChannel,
    onClose: (listener: () => void) => void,
  ): void {
    const [verb, argument = ''] = command.split(/ (.*)/s);
    const finish = (code = 0): void => {
      channel.exit(code);
      channel.end();
    };
    switch (verb) {
      case 'echo':
        channel.write(`${argument}\r\n`);
        return finish();
      case 'sleep': {
        const timer = setTimeout(() => {
          channel.write('done\r\n');
          finish();
        }, Number(argument));
        onClose(() => clearTimeout(timer));
        return;
      }
      case 'bytes':
        channel.write('x'.repeat(Number(argument)));
        return finish();
      case 'flood':
        return flood(channel, onClose);
      case 'drop':
        channel.write(
          '  SEQ HOST                                     SIZE TTL TIME       STATUS\r\n',
        );
        setTimeout(() => this.dropConnections(), 20);
        return;
      case 'exit':
        channel.write('failed\r\n');
        return finish(Number(argument));
      case 'killed':
        channel.exit('KILL');
        channel.end();
        return;
      case 'noexit':
        channel.end('out\r\n');
        return;
      case 'hang':
        return;
      default:
        channel.write(`bad command name ${verb} (line 1 column 1)\r\n`);
        return finish();
    }
  }
}

function flood(channel: ServerChannel, onClose: (listener: () => void) => void): void {
  const chunk = 'x'.repeat(16 * 1024);
  let open = true;
  onClose(() => (open = false));
  const pump = (): void => {
    while (open && channel.write(chunk));
    if (open) channel.once('drain', pump);
  };
  pump();
}

/** An ed25519 key pair ssh2 can read back (it cannot parse ~0.5 % of those it generates). */
export function ed25519KeyPair(passphrase?: string): { private: string; public: string } {
  for (;;) {
    const pair =
      passphrase === undefined
        ? utils.generateKeyPairSync('ed25519')
        : utils.generateKeyPairSync('ed25519', { passphrase, cipher: 'aes256-cbc', rounds: 16 });
    if (!(utils.parseKey(pair.private, passphrase) instanceof Error)) return pair;
  }
}

function newHostKey(): [string, ParsedKey] {
  const { private: pem } = ed25519KeyPair();
  const parsed = utils.parseKey(pem);
  if (parsed instanceof Error) throw parsed;
  return [pem, parsed];
}
