import type { Writable } from 'node:stream';
import { parseCommandLine, type Command } from './command.parser';
import { commandSteps, errorSteps, type RunContext, type Step } from './command.runner';
import { hasRouterboard, type DeviceProfile } from './device.profile';
import { garbageBytes, outputFault } from './fault';
import { drive, type DriveResult } from './output.driver';
import { resolveTarget } from './probe.model';
import { createRandom, hashSeed } from './seeded-random';
import type { FaultMode, TargetBehaviour } from './simulator.types';

/** What stays fixed for the life of a device. */
export interface ExecutorSettings {
  readonly profile: DeviceProfile;
  readonly timeScale: number;
  readonly dropAfterLines: number;
  readonly seed: number;
  readonly routingTables?: readonly string[];
  /** Seconds the device has been up, for `/system resource print`. */
  uptimeSeconds(): number;
}

/** The client side of one command run. */
export interface RunTarget {
  readonly channel: Writable;
  readonly terminalWidth?: number;
  readonly signal: AbortSignal;
  /** Destroys the TCP connection. */
  drop(): void;
}

/**
 * Runs command lines against the simulated network: parses, picks the seeded randomness,
 * applies the current fault and streams the output. Targets and the fault can change at runtime.
 */
export class CommandExecutor {
  private targets = new Map<string, TargetBehaviour>();
  private defaultBehaviour: TargetBehaviour = {};
  private fault: FaultMode = 'none';
  // How often each target was probed, so repeated runs differ but a fresh device replays exactly.
  private readonly runs = new Map<string, number>();

  constructor(private readonly settings: ExecutorSettings) {}

  /** Back to the given network and fault, forgetting how often anything ran. */
  configure(
    targets: Readonly<Record<string, TargetBehaviour>>,
    defaultBehaviour: TargetBehaviour,
    fault: FaultMode,
  ): void {
    this.targets = new Map(Object.entries(targets));
    this.defaultBehaviour = defaultBehaviour;
    this.fault = fault;
    this.runs.clear();
  }

  setTarget(name: string, behaviour: TargetBehaviour): void {
    this.targets.set(name, behaviour);
  }

  setFault(fault: FaultMode): void {
    this.fault = fault;
  }

  get currentFault(): FaultMode {
    return this.fault;
  }

  /** Runs one command line to completion, abort or fault. */
  async run(line: string, target: RunTarget): Promise<DriveResult> {
    const fault = this.fault;
    if (fault === 'garbage') {
      target.channel.write(garbageBytes(createRandom(this.nextSeed('garbage'))));
      return 'done';
    }
    const parsed = parseCommandLine(line, {
      format: this.settings.profile.format,
      hasRouterboard: hasRouterboard(this.settings.profile),
      routingTables: this.settings.routingTables,
    });
    const steps = parsed.ok
      ? this.steps(parsed.commands, target.terminalWidth, fault === 'endless-output')
      : errorSteps(parsed.error);
    return drive(target.channel, steps, {
      timeScale: this.settings.timeScale,
      signal: target.signal,
      fault: outputFault(fault),
      dropAfterLines: this.settings.dropAfterLines,
      drop: () => target.drop(),
    });
  }

  private nextSeed(key: string): number {
    const run = this.runs.get(key) ?? 0;
    this.runs.set(key, run + 1);
    return hashSeed(this.settings.seed, key, run);
  }

  private *steps(
    commands: readonly Command[],
    terminalWidth: number | undefined,
    endless: boolean,
  ): Generator<Step> {
    for (const command of commands) {
      const key = 'address' in command ? `${command.kind}:${command.address}` : command.kind;
      const context: RunContext = {
        profile: this.settings.profile,
        terminalWidth,
        endless,
        random: createRandom(this.nextSeed(key)),
        uptimeSeconds: () => this.settings.uptimeSeconds(),
        resolve: (address) => resolveTarget(address, this.targets, this.defaultBehaviour),
      };
      yield* commandSteps(command, context);
    }
  }
}
