import type { Socket } from 'node:net';
import type { AuthContext, Connection, ServerChannel, Session } from 'ssh2';
import type { CommandExecutor } from './command.executor';
import type { DeviceProfile } from './device.profile';
import { parseLoginName, type LoginName, type UserTable } from './login';
import { loginBanner, shellPrompt } from './shell.banner';
import { ShellSession } from './shell.session';
import type { ReceivedCommand, SimulatorStats } from './simulator.types';

/** What one connection needs from the device it belongs to. */
export interface DeviceServices {
  readonly executor: CommandExecutor;
  readonly users: UserTable;
  readonly profile: DeviceProfile;
  readonly stats: SimulatorStats;
  readonly terminalWidth?: number;
  /** The `slow-login` fault is on: answer authentications after `slowLoginMs`. */
  slowLogin(): boolean;
  readonly slowLoginMs: number;
  /** The `wrong-password` fault is on. */
  rejectPasswords(): boolean;
  record(entry: ReceivedCommand): void;
}

const ignore = (): void => undefined;

/** One accepted TCP connection and the SSH session on it. */
export class RouterConnection {
  private login: (LoginName & { readonly raw: string }) | null = null;
  private readonly cleanups = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private loginDelayed = false;
  /** Settles once the socket is closed and everything on it is cleaned up. */
  readonly closed: Promise<void>;

  constructor(
    readonly socket: Socket,
    private readonly device: DeviceServices,
  ) {
    let settle: () => void = () => undefined;
    this.closed = new Promise((resolve) => (settle = resolve));
    socket.once('close', () => {
      for (const timer of this.timers) {
        clearTimeout(timer);
      }
      this.timers.clear();
      for (const cleanup of [...this.cleanups]) {
        cleanup();
      }
      settle();
    });
  }

  /** Wires the ssh2 server-side connection once the client's banner arrived. */
  attach(client: Connection): void {
    client.on('error', ignore);
    client.on('authentication', (context) => this.authenticate(context));
    client.on('ready', () => {
      this.device.stats.handshakes += 1;
    });
    client.on('session', (accept) => this.onSession(accept()));
  }

  /** Drops the TCP connection at once, unread data and all (a reset): `drop-mid-output`. */
  destroy(): void {
    this.socket.destroy();
  }

  /**
   * Stops every command, then closes the TCP connection with a FIN; a client that does not close
   * its side within `graceMs` is reset. A plain destroy would reset clients that were closing
   * anyway, and node-ssh, for one, has no error listener left after `dispose()`.
   */
  close(graceMs: number): Promise<void> {
    for (const cleanup of [...this.cleanups]) {
      cleanup();
    }
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), graceMs);
    this.timers.add(timer);
    return this.closed;
  }

  private authenticate(context: AuthContext): void {
    const answer = (): void => {
      if (this.socket.destroyed) {
        return;
      }
      if (this.device.users.verify(context, this.device.rejectPasswords())) {
        this.login = { ...parseLoginName(context.username), raw: context.username };
        context.accept();
      } else {
        context.reject(['password', 'publickey']);
      }
    };
    // The first answer of a connection is held back once, so a slow login takes `slowLoginMs`.
    if (!this.device.slowLogin() || this.loginDelayed) {
      answer();
      return;
    }
    this.loginDelayed = true;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      answer();
    }, this.device.slowLoginMs);
    this.timers.add(timer);
  }

  private onSession(session: Session | undefined): void {
    if (session === undefined) {
      return;
    }
    let ptyWidth: number | undefined;
    const reply = (accept: (() => void) | undefined): void => accept?.();
    session.on('pty', (accept, _reject, info) => {
      ptyWidth = info.cols > 0 ? info.cols : undefined;
      reply(accept);
    });
    session.on('window-change', (accept, _reject, info) => {
      ptyWidth = info.cols > 0 ? info.cols : ptyWidth;
      reply(accept);
    });
    session.on('env', (accept) => reply(accept));
    session.on('exec', (accept, _reject, info) => {
      const channel: ServerChannel | undefined = accept();
      if (channel !== undefined) {
        this.onExec(channel, info.command, ptyWidth);
      }
    });
    session.on('shell', (accept) => {
      const channel: ServerChannel | undefined = accept();
      if (channel !== undefined) {
        this.onShell(channel, ptyWidth);
      }
    });
  }

  private terminalWidth(ptyWidth: number | undefined): number | undefined {
    return ptyWidth ?? this.login?.terminalWidth ?? this.device.terminalWidth;
  }

  private record(command: string, channel: 'exec' | 'shell'): void {
    this.device.record({
      at: Date.now(),
      user: this.login?.username ?? '',
      login: this.login?.raw ?? '',
      command,
      channel,
    });
  }

  // Counts the channel as active until it closes, and aborts its command when it does.
  private track(channel: ServerChannel): AbortController {
    const controller = new AbortController();
    const stats = this.device.stats;
    stats.activeChannels += 1;
    const cleanup = (): void => {
      if (!this.cleanups.delete(cleanup)) {
        return;
      }
      stats.activeChannels -= 1;
      controller.abort();
    };
    this.cleanups.add(cleanup);
    channel.on('error', ignore);
    channel.once('close', cleanup);
    return controller;
  }

  private finish(channel: ServerChannel): void {
    // exit-status before EOF/close, so clients such as node-ssh resolve with code 0.
    channel.exit(0);
    channel.end();
  }

  private onExec(channel: ServerChannel, command: string, ptyWidth: number | undefined): void {
    this.device.stats.execs += 1;
    this.record(command, 'exec');
    const controller = this.track(channel);
    // Nothing reads stdin of an exec; drain it so the channel can reach 'close' and be counted out.
    channel.resume();
    void this.device.executor
      .run(command, {
        channel,
        terminalWidth: this.terminalWidth(ptyWidth),
        signal: controller.signal,
        drop: () => this.destroy(),
      })
      .then((result) => {
        if (result === 'done') {
          this.finish(channel);
        }
      })
      .catch(() => this.destroy());
  }

  private onShell(channel: ServerChannel, ptyWidth: number | undefined): void {
    const controller = this.track(channel);
    const user = this.login?.username ?? 'admin';
    const shell = new ShellSession(
      channel,
      shellPrompt(user, this.device.profile),
      async (line, signal) => {
        this.record(line, 'shell');
        await this.device.executor.run(line, {
          channel,
          terminalWidth: this.terminalWidth(ptyWidth),
          signal: AbortSignal.any([signal, controller.signal]),
          drop: () => this.destroy(),
        });
      },
      () => this.finish(channel),
    );
    shell.start(loginBanner(this.device.profile));
  }
}
