import type { Command, PingCommand, TracerouteCommand } from './command.parser';
import type { DeviceProfile } from './device.profile';
import { renderPingHeader, renderPingRow, renderPingSummary, type PingRow } from './ping.renderer';
import { planHops, probeTarget, type ResolvedTarget } from './probe.model';
import { toMicroseconds } from './rtt.format';
import type { Random } from './seeded-random';
import { renderIdentity, renderResource, renderRouterboard } from './system.renderer';
import { renderV6TraceHeader, renderV6TraceRows, renderV7TraceTable } from './traceroute.renderer';
import { HopStats, inProgressRow } from './traceroute.stats';

/** What a running command does next: print a line (CRLF is added) or let time pass. */
export type Step =
  { readonly kind: 'line'; readonly text: string } | { readonly kind: 'wait'; readonly ms: number };

/** What a command needs from the device it runs on. */
export interface RunContext {
  readonly profile: DeviceProfile;
  readonly terminalWidth?: number;
  readonly random: Random;
  /** `endless-output`: ignore `count` and go on until the client leaves. */
  readonly endless: boolean;
  uptimeSeconds(): number;
  resolve(address: string): ResolvedTarget | null;
}

// resolve-official-docs-failure-dns-name-does-not-exist.txt
const DNS_FAILURE = 'failure: dns name does not exist';
// A repeated print under `endless-output` goes round about once a second, like `print interval=1`.
const REPRINT_MS = 1000;

const line = (text: string): Step => ({ kind: 'line', text });
const wait = (ms: number): Step => ({ kind: 'wait', ms: Math.max(0, ms) });

function rounds(count: number | null, context: RunContext): number {
  return context.endless ? Infinity : (count ?? Infinity);
}

function* pingSteps(command: PingCommand, context: RunContext): Generator<Step> {
  const target = context.resolve(command.address);
  if (target === null) {
    yield line(DNS_FAILURE);
    return;
  }
  const format = context.profile.format;
  const count = rounds(command.count, context);
  const replyUs: number[] = [];
  let sent = 0;
  yield line(renderPingHeader(format));
  for (let seq = 0; seq < count; seq += 1) {
    const result = probeTarget(target.behaviour, seq, context.random);
    const more = seq + 1 < count;
    sent += 1;
    let row: PingRow;
    switch (result.kind) {
      case 'reply': {
        const us = toMicroseconds(result.ms);
        row = {
          seq,
          kind: 'reply',
          host: target.ip,
          size: command.size,
          ttl: target.behaviour.ttl ?? 64,
          us,
        };
        replyUs.push(us);
        yield wait(result.ms);
        yield line(renderPingRow(format, row));
        if (more) {
          yield wait(command.intervalMs - result.ms);
        }
        break;
      }
      case 'timeout':
        // A lost probe is reported once its slot is over.
        yield wait(command.intervalMs);
        yield line(renderPingRow(format, { seq, kind: 'timeout', host: target.ip }));
        break;
      case 'no-route':
        // No route fails at once; the next probe still waits for its slot.
        yield line(renderPingRow(format, { seq, kind: 'no-route' }));
        if (more) {
          yield wait(command.intervalMs);
        }
        break;
      case 'host-unreachable':
        yield wait(result.ms);
        yield line(
          renderPingRow(format, {
            seq,
            kind: 'host-unreachable',
            host: result.from,
            // The TTL of the gateway's ICMP error, as in the captured REST record.
            ttl: 64,
            us: toMicroseconds(result.ms),
          }),
        );
        if (more) {
          yield wait(command.intervalMs - result.ms);
        }
        break;
    }
  }
  const totals = { sent, received: replyUs.length, replyUs };
  for (const summary of renderPingSummary(format, totals, context.terminalWidth)) {
    yield line(summary);
  }
  yield line('');
}

function* tracerouteSteps(command: TracerouteCommand, context: RunContext): Generator<Step> {
  const target = context.resolve(command.address);
  if (target === null) {
    yield line(DNS_FAILURE);
    return;
  }
  const v6 = context.profile.format === 'v6';
  const hops = planHops(target, command.maxHops);
  const stats = hops.map((hop, index) => new HopStats(index + 1, hop.address, hop.mpls));
  const total = rounds(command.count, context);
  if (v6) {
    // Over a non-interactive channel v6 prints the header once, then a table per redraw; the
    // first redraw comes before any reply (traceroute-v6-ssh-exec-noninteractive-two-chunks.txt).
    yield line(renderV6TraceHeader(context.terminalWidth));
    yield line(renderV6TraceRows([inProgressRow(1)], context.terminalWidth)[0]);
  }
  for (let round = 0; round < total; round += 1) {
    const results = hops.map((hop) => hop.probe(round, context.random));
    yield wait(Math.max(0, ...results.map((rtt) => rtt ?? command.timeoutMs)));
    results.forEach((rtt, index) => stats[index].record(rtt));
    const rows = stats.map((hop) => hop.toRow());
    const table = v6
      ? ['', ...renderV6TraceRows(rows, context.terminalWidth)]
      : renderV7TraceTable(rows);
    for (const text of table) {
      yield line(text);
    }
  }
}

function* printSteps(lines: () => readonly string[], context: RunContext): Generator<Step> {
  do {
    for (const text of lines()) {
      yield line(text);
    }
    if (context.endless) {
      yield wait(REPRINT_MS);
    }
  } while (context.endless);
}

/** The steps of one parsed command. */
export function* commandSteps(command: Command, context: RunContext): Generator<Step> {
  const profile = context.profile;
  switch (command.kind) {
    case 'ping':
      yield* pingSteps(command, context);
      return;
    case 'traceroute':
      yield* tracerouteSteps(command, context);
      return;
    case 'identity':
      yield* printSteps(() => renderIdentity(profile), context);
      return;
    case 'resource':
      yield* printSteps(() => renderResource(profile, context.uptimeSeconds()), context);
      return;
    case 'routerboard':
      yield* printSteps(() => renderRouterboard(profile), context);
      return;
    case 'noop':
      return;
  }
}

/** The steps of an error: its lines, printed at once. */
export function* errorSteps(lines: readonly string[]): Generator<Step> {
  for (const text of lines) {
    yield line(text);
  }
}
