import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isFaultMode } from './fault';
import { loadScenarioFile } from './scenario.loader';
import { demoScenario, type NamedRouterOptions, type Scenario } from './scenarios';
import { DEFAULT_USERS, SimulatedRouter } from './simulated-router';

export const USAGE = `Usage: simulator [--scenario FILE | --demo | flags]
  --scenario FILE     JSON or YAML: { routers: [ { name, format, port, users, targets, ... } ] }
  --demo              the demo scenario (the default when nothing else is given)
  --count N           N identical routers sim-001..sim-N (default 1)
  --base-port P       first port, then P+1, ...; 0 = ephemeral (default 0)
  --format v6|v7      (default v7)
  --user NAME --password SECRET   the login every router accepts (default admin/admin)
  --identity NAME     identity (default: the router name)
  --time-scale X      multiply every command wait (default 1)
  --max-sessions N    concurrent connections per router
  --fault MODE        none, wrong-password, refuse, slow-login, hang, drop-mid-output, garbage, endless-output
  --terminal-width N  exec terminal width (80 reproduces narrow v6 tables)
  --host-key-file F   one private key for every router (default: a fresh ed25519 key each)
  --host H            loopback address to listen on (default 127.0.0.1)
Prints one JSON line {"event":"ready","routers":[...]} when listening; stops on SIGTERM/SIGINT.`;

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`${flag} must be a number >= 0`);
  }
  return parsed;
}

function fromFlags(values: Readonly<Record<string, string | boolean | undefined>>): Scenario {
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const format = text('format') ?? 'v7';
  if (format !== 'v6' && format !== 'v7') {
    throw new Error('--format must be v6 or v7');
  }
  const fault = text('fault') ?? 'none';
  if (!isFaultMode(fault)) {
    throw new Error(`--fault ${fault} is not a fault mode`);
  }
  const count = positiveNumber(text('count'), '--count') ?? 1;
  const basePort = positiveNumber(text('base-port'), '--base-port') ?? 0;
  const keyFile = text('host-key-file');
  const hostKey = keyFile === undefined ? undefined : readFileSync(keyFile, 'utf8');
  const routers: NamedRouterOptions[] = [];
  for (let i = 1; i <= count; i += 1) {
    const name = count === 1 ? 'sim' : `sim-${String(i).padStart(3, '0')}`;
    routers.push({
      name,
      format,
      fault,
      hostKey,
      host: text('host'),
      port: basePort === 0 ? 0 : basePort + i - 1,
      identity: text('identity') ?? name,
      users: [{ username: text('user') ?? 'admin', password: text('password') ?? 'admin' }],
      timeScale: positiveNumber(text('time-scale'), '--time-scale'),
      maxSessions: positiveNumber(text('max-sessions'), '--max-sessions'),
      terminalWidth: positiveNumber(text('terminal-width'), '--terminal-width'),
    });
  }
  return { routers };
}

/** Turns command-line arguments into the routers to start. Throws on a bad flag. */
export function scenarioFromArgs(argv: readonly string[]): Scenario | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h' },
      demo: { type: 'boolean' },
      scenario: { type: 'string' },
      count: { type: 'string' },
      'base-port': { type: 'string' },
      format: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      identity: { type: 'string' },
      'time-scale': { type: 'string' },
      'max-sessions': { type: 'string' },
      fault: { type: 'string' },
      'terminal-width': { type: 'string' },
      'host-key-file': { type: 'string' },
      host: { type: 'string' },
    },
    strict: true,
  });
  if (values.help === true) {
    return 'help';
  }
  if (values.scenario !== undefined) {
    return loadScenarioFile(values.scenario);
  }
  const flagged = Object.keys(values).some((key) => key !== 'demo');
  return values.demo === true || !flagged ? demoScenario() : fromFlags(values);
}

/** A started router as the ready line reports it (no secrets). */
export interface ReadyRouter {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly format: string;
  readonly identity: string;
  readonly hostKeySha256: string;
  readonly users: readonly string[];
}

/** Every router of a scenario, started. */
export interface RunningScenario {
  readonly routers: readonly SimulatedRouter[];
  readonly ready: { readonly event: 'ready'; readonly routers: readonly ReadyRouter[] };
  stop(): Promise<void>;
}

/** Starts every router; if one fails to start, stops the others and rethrows. */
export async function startScenario(scenario: Scenario): Promise<RunningScenario> {
  const started: SimulatedRouter[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((router) => router.stop()));
  };
  const ready: ReadyRouter[] = [];
  try {
    for (const options of scenario.routers) {
      const router = new SimulatedRouter(options);
      const address = await router.start();
      started.push(router);
      ready.push({
        name: options.name,
        host: address.host,
        port: address.port,
        format: router.format,
        identity: router.identity,
        hostKeySha256: router.hostKeySha256,
        users: (options.users ?? DEFAULT_USERS).map((entry) => entry.username),
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { routers: started, ready: { event: 'ready', routers: ready }, stop };
}
