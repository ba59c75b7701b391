import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { Server as SshServer } from 'ssh2';
import { isLoopbackHost } from './address.util';
import { CommandExecutor } from './command.executor';
import { buildProfile, type DeviceProfile } from './device.profile';
import { loadHostKey, type HostKey } from './host-key';
import { UserTable } from './login';
import { RouterConnection } from './router.connection';
import type {
  FaultMode,
  ReceivedCommand,
  RouterOsFormat,
  SimulatedRouterOptions,
  SimulatedUser,
  SimulatorStats,
  TargetBehaviour,
} from './simulator.types';

/** Where a started device listens. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

// What real MikroTik SSH servers announce: `SSH-2.0-ROSSSH`.
const SSH_IDENT = 'ROSSSH';
const DEFAULT_SLOW_LOGIN_MS = 60_000;
/** Who may log in when `users` is not given. */
export const DEFAULT_USERS: readonly SimulatedUser[] = [{ username: 'admin', password: 'admin' }];
const DEFAULT_BEHAVIOUR: TargetBehaviour = { rttMs: 10 };
// How long stop() lets a client answer the FIN before resetting its connection.
const STOP_GRACE_MS = 250;

const ignore = (): void => undefined;

/**
 * A simulated MikroTik RouterOS device: a real SSH server on loopback that answers `/ping`,
 * `/tool traceroute` and `/system ... print` with the text real v6 or v7 routers print, streamed
 * in (scaled) real time, and that can misbehave on demand (`setFault`).
 */
export class SimulatedRouter {
  /** Every command line received, in order. */
  readonly received: ReceivedCommand[] = [];
  /** Live counters; `reset()` zeroes the cumulative ones. */
  readonly stats: SimulatorStats = {
    connections: 0,
    handshakes: 0,
    activeConnections: 0,
    activeChannels: 0,
    execs: 0,
    rejectedConnections: 0,
  };

  private readonly profile: DeviceProfile;
  private readonly users: UserTable;
  private readonly executor: CommandExecutor;
  private readonly connections = new Set<RouterConnection>();
  private hostKey: HostKey;
  private server: NetServer | null = null;
  private listenAddress: ListenAddress | null = null;
  private startedAt = Date.now();

  constructor(private readonly options: SimulatedRouterOptions = {}) {
    const host = options.host ?? '127.0.0.1';
    if (!isLoopbackHost(host)) {
      throw new Error(`simulated router: refusing to listen on ${host}, loopback only`);
    }
    this.profile = buildProfile(options);
    this.users = new UserTable(options.users ?? DEFAULT_USERS);
    this.hostKey = loadHostKey(options.hostKey);
    this.executor = new CommandExecutor({
      profile: this.profile,
      timeScale: options.timeScale ?? 1,
      dropAfterLines: options.dropAfterLines ?? 2,
      seed: options.seed ?? 1,
      routingTables: options.routingTables,
      uptimeSeconds: () =>
        this.profile.uptimeSeconds + Math.floor((Date.now() - this.startedAt) / 1000),
    });
    this.configureNetwork();
  }

  /** `SHA256:...` of the current host key, as `ssh-keygen -lf` prints it. */
  get hostKeySha256(): string {
    return this.hostKey.sha256;
  }

  /** Where the device listens, once started. */
  get address(): ListenAddress | null {
    return this.listenAddress;
  }

  get format(): RouterOsFormat {
    return this.profile.format;
  }

  get identity(): string {
    return this.profile.identity;
  }

  get fault(): FaultMode {
    return this.executor.currentFault;
  }

  /** Starts listening (on 127.0.0.1 and an ephemeral port unless configured). */
  async start(): Promise<ListenAddress> {
    if (this.listenAddress !== null) {
      return this.listenAddress;
    }
    const server = createServer((socket) => this.onSocket(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', ignore);
    const bound = server.address();
    if (bound === null || typeof bound === 'string') {
      server.close();
      throw new Error('simulated router: no TCP address after listen');
    }
    this.server = server;
    this.startedAt = Date.now();
    this.listenAddress = { host: bound.address, port: bound.port };
    return this.listenAddress;
  }

  /** Stops listening, drops every connection and its running command; leaves no timers. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.listenAddress = null;
    const closing = [...this.connections].map((connection) => connection.close(STOP_GRACE_MS));
    if (server !== null) {
      closing.push(new Promise<void>((resolve) => server.close(() => resolve())));
    }
    await Promise.all(closing);
  }

  /** A new host key for connections from now on (a key-change test); returns its fingerprint. */
  rotateHostKey(privateKeyPem?: string): string {
    this.hostKey = loadHostKey(privateKeyPem);
    return this.hostKey.sha256;
  }

  /** Adds or replaces how the network answers for one target. */
  setTarget(name: string, behaviour: TargetBehaviour): void {
    this.executor.setTarget(name, behaviour);
  }

  /** Applies to new connections and commands; running ones keep theirs. */
  setFault(fault: FaultMode): void {
    this.executor.setFault(fault);
  }

  /** Back to the constructor's targets and fault, with an empty log and zeroed counters. */
  reset(): void {
    this.received.length = 0;
    this.stats.connections = 0;
    this.stats.handshakes = 0;
    this.stats.execs = 0;
    this.stats.rejectedConnections = 0;
    this.configureNetwork();
  }

  private configureNetwork(): void {
    this.executor.configure(
      this.options.targets ?? {},
      this.options.defaultBehaviour ?? DEFAULT_BEHAVIOUR,
      this.options.fault ?? 'none',
    );
  }

  private onSocket(socket: Socket): void {
    this.stats.connections += 1;
    // Without it every request/response round trip waits ~40 ms for a delayed ACK.
    socket.setNoDelay(true);
    socket.on('error', ignore);
    const full =
      this.options.maxSessions !== undefined && this.connections.size >= this.options.maxSessions;
    if (this.server === null || this.fault === 'refuse' || full) {
      // A router at its session limit closes the TCP connection before any SSH banner.
      this.stats.rejectedConnections += 1;
      socket.destroy();
      return;
    }
    const connection = new RouterConnection(socket, {
      executor: this.executor,
      users: this.users,
      profile: this.profile,
      stats: this.stats,
      terminalWidth: this.options.terminalWidth,
      slowLoginMs: this.options.slowLoginMs ?? DEFAULT_SLOW_LOGIN_MS,
      slowLogin: () => this.fault === 'slow-login',
      rejectPasswords: () => this.fault === 'wrong-password',
      record: (entry) => this.received.push(entry),
    });
    this.connections.add(connection);
    this.stats.activeConnections = this.connections.size;
    void connection.closed.then(() => {
      this.connections.delete(connection);
      this.stats.activeConnections = this.connections.size;
    });
    // One ssh2 server per socket ties each SSH connection to its TCP socket (for drops) and
    // picks up a rotated host key without disturbing established sessions.
    try {
      const ssh = new SshServer(
        { hostKeys: [{ key: this.hostKey.parsed }], ident: SSH_IDENT },
        (client) => connection.attach(client),
      );
      ssh.on('error', ignore);
      ssh.injectSocket(socket);
    } catch {
      socket.destroy();
    }
  }
}
