/** Output dialect: v6 prints whole milliseconds and right-aligned tables, v7 `4ms792us` and `Columns:` tables. */
export type RouterOsFormat = 'v6' | 'v7';

/** A fixed RTT, a sequence repeated probe after probe, or a seeded uniform range (ms). */
export type RttSpec = number | readonly number[] | { readonly min: number; readonly max: number };

/** What a probe to a target ends in when it is not lost. */
export type TargetOutcome = 'reply' | 'timeout' | 'no-route' | 'host-unreachable' | 'dns-fail';

/** One MPLS label of a hop's label stack; `ttl` is printed as `T=` only when given. */
export interface MplsLabel {
  readonly label: number;
  readonly exp: number;
  readonly ttl?: number;
}

/** One traceroute hop. `address: null` is a hop that never answers (`100% ... timeout`). */
export interface HopBehaviour {
  readonly address: string | null;
  /** Defaults to the target's own RTT for the last hop, 1 ms otherwise. */
  readonly rttMs?: RttSpec;
  /** Per probe round, `true` = lost; repeats. */
  readonly lossPattern?: readonly boolean[];
  readonly mpls?: readonly MplsLabel[];
}

/** How the simulated network answers for one target (an address or a host name). */
export interface TargetBehaviour {
  readonly rttMs?: RttSpec;
  /** Per probe, `true` = lost; repeats. Wins over `lossPercent`. */
  readonly lossPattern?: readonly boolean[];
  /** Lost probes spread evenly (exactly `count x p / 100`, rounded down), not random. */
  readonly lossPercent?: number;
  readonly outcome?: TargetOutcome;
  /** HOST of `host unreachable` rows: the router that sent the ICMP error. */
  readonly unreachableFrom?: string;
  readonly hops?: readonly HopBehaviour[];
  /** A host-name target resolves to this; without it the name does not resolve. */
  readonly resolvesTo?: string;
  /** TTL printed in reply rows (default 64). */
  readonly ttl?: number;
}

/** A fault the device shows to every new connection or command while it is set. */
export type FaultMode =
  | 'none'
  | 'wrong-password'
  | 'refuse'
  | 'slow-login'
  | 'hang'
  | 'drop-mid-output'
  | 'garbage'
  | 'endless-output';

/** A login the device accepts: by password, by OpenSSH public key line, or both. */
export interface SimulatedUser {
  readonly username: string;
  readonly password?: string;
  readonly publicKey?: string;
}

/** Hardware and software details printed by `/system resource|routerboard print`. */
export interface DeviceDetails {
  readonly cpu?: string;
  readonly cpuCount?: number;
  readonly cpuFrequencyMhz?: number;
  readonly cpuLoadPercent?: number;
  readonly totalMemoryMib?: number;
  readonly freeMemoryMib?: number;
  readonly totalHddMib?: number;
  readonly freeHddMib?: number;
  readonly writeSectSinceReboot?: number;
  readonly writeSectTotal?: number;
  readonly buildTime?: string;
  readonly factorySoftware?: string;
  readonly model?: string;
  /** Printed by `/system routerboard print` only when known. */
  readonly revision?: string;
  readonly serialNumber?: string;
  readonly firmwareType?: string;
  readonly currentFirmware?: string;
  /** Added to the seconds since `start()` for the printed uptime. */
  readonly uptimeSeconds?: number;
}

/** Everything a `SimulatedRouter` can be configured with; all optional. */
export interface SimulatedRouterOptions {
  readonly format?: RouterOsFormat;
  /** Loopback only: 127.0.0.0/8, ::1 or localhost. Default 127.0.0.1. */
  readonly host?: string;
  /** 0 = ephemeral (default). */
  readonly port?: number;
  readonly users?: readonly SimulatedUser[];
  readonly identity?: string;
  /** e.g. '6.49.17' or '7.12.2'. */
  readonly version?: string;
  /** Release channel printed after the version: `7.12.2 (stable)`. */
  readonly channel?: string;
  /** `CHR` or `x86` boards have no `/system routerboard` menu. */
  readonly boardName?: string;
  readonly architecture?: string;
  readonly device?: DeviceDetails;
  /** PEM the ssh2 library parses (OpenSSH, PKCS#1 RSA, SEC1 EC); a fresh ed25519 key if absent. */
  readonly hostKey?: string;
  /** Concurrent TCP connections accepted; the next one is closed before the SSH banner. */
  readonly maxSessions?: number;
  /** Multiplies every wait of a running command (probe intervals, RTTs, timeouts). Default 1. */
  readonly timeScale?: number;
  readonly targets?: Readonly<Record<string, TargetBehaviour>>;
  /** For an IP address with no entry in `targets`. Default: replies in 10 ms. */
  readonly defaultBehaviour?: TargetBehaviour;
  readonly fault?: FaultMode;
  /** How long `slow-login` holds a connection's first authentication answer (ms, not scaled). Default 60 000. */
  readonly slowLoginMs?: number;
  /** Lines `drop-mid-output` prints before it destroys the TCP connection. Default 2. */
  readonly dropAfterLines?: number;
  /** Seed of every random choice (RTT ranges, garbage bytes). Default 1. */
  readonly seed?: number;
  /** Terminal width for exec sessions without a pty: narrow v6 tables drop columns, summaries wrap. */
  readonly terminalWidth?: number;
  /** When given, `routing-table=`/`vrf=` values outside it fail like on a router. */
  readonly routingTables?: readonly string[];
}

/** One command line the device received. */
export interface ReceivedCommand {
  readonly at: number;
  /** The authenticated user (`monitor` for a `monitor+ct` login). */
  readonly user: string;
  /** The login name exactly as sent, console options included. */
  readonly login: string;
  readonly command: string;
  readonly channel: 'exec' | 'shell';
}

/** Counters since construction or the last `reset()`; `active*` are live. */
export interface SimulatorStats {
  /** TCP connections accepted, rejected ones included. */
  connections: number;
  /** Successful authentications. */
  handshakes: number;
  activeConnections: number;
  activeChannels: number;
  execs: number;
  /** Closed on arrival by `maxSessions` or the `refuse` fault. */
  rejectedConnections: number;
}
