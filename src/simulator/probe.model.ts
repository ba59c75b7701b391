import { isIpAddress } from './address.util';
import type { Random } from './seeded-random';
import type { MplsLabel, RttSpec, TargetBehaviour } from './simulator.types';

/** The gateway that answers `host unreachable` when a target names none (MikroTik's default LAN). */
export const DEFAULT_UNREACHABLE_FROM = '192.168.88.1';
const DEFAULT_RTT_MS = 10;

/** A target after name resolution: the address the device probes and how the network answers. */
export interface ResolvedTarget {
  readonly ip: string;
  readonly behaviour: TargetBehaviour;
}

/**
 * Looks an address or host name up the way the device would: an IP literal is always probed
 * (with the default behaviour when unlisted); a name must be listed with `resolvesTo`.
 * Returns null when the name does not resolve.
 */
export function resolveTarget(
  address: string,
  targets: ReadonlyMap<string, TargetBehaviour>,
  defaultBehaviour: TargetBehaviour,
): ResolvedTarget | null {
  const behaviour = targets.get(address) ?? targets.get(address.toLowerCase());
  if (behaviour?.outcome === 'dns-fail') {
    return null;
  }
  if (isIpAddress(address)) {
    return { ip: address, behaviour: behaviour ?? defaultBehaviour };
  }
  if (behaviour?.resolvesTo === undefined) {
    return null;
  }
  return { ip: behaviour.resolvesTo, behaviour };
}

/** The RTT of probe `index`: fixed, the sequence repeated, or a seeded draw from the range. */
export function rttAt(spec: RttSpec | undefined, index: number, random: Random): number {
  if (spec === undefined) {
    return DEFAULT_RTT_MS;
  }
  if (typeof spec === 'number') {
    return spec;
  }
  if ('min' in spec) {
    return spec.min + random() * (spec.max - spec.min);
  }
  return spec.length === 0 ? DEFAULT_RTT_MS : spec[index % spec.length];
}

/**
 * Whether probe `index` is lost. A percentage is spread evenly rather than drawn, so tests can
 * predict it: `count=10` at 30% loses exactly the probes with SEQ 3, 6 and 9.
 */
export function isLost(
  loss: { readonly lossPattern?: readonly boolean[]; readonly lossPercent?: number },
  index: number,
): boolean {
  if (loss.lossPattern !== undefined && loss.lossPattern.length > 0) {
    return loss.lossPattern[index % loss.lossPattern.length];
  }
  const percent = loss.lossPercent ?? 0;
  return Math.floor(((index + 1) * percent) / 100) > Math.floor((index * percent) / 100);
}

export type ProbeResult =
  | { readonly kind: 'reply'; readonly ms: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'no-route' }
  | { readonly kind: 'host-unreachable'; readonly ms: number; readonly from: string };

/** What ping probe `index` to the target ends in. */
export function probeTarget(
  behaviour: TargetBehaviour,
  index: number,
  random: Random,
): ProbeResult {
  const outcome = behaviour.outcome ?? 'reply';
  switch (outcome) {
    case 'timeout':
    case 'dns-fail':
      return { kind: 'timeout' };
    case 'no-route':
      return { kind: 'no-route' };
    case 'host-unreachable':
      return isLost(behaviour, index)
        ? { kind: 'timeout' }
        : {
            kind: 'host-unreachable',
            ms: rttAt(behaviour.rttMs, index, random),
            from: behaviour.unreachableFrom ?? DEFAULT_UNREACHABLE_FROM,
          };
    case 'reply':
      return isLost(behaviour, index)
        ? { kind: 'timeout' }
        : { kind: 'reply', ms: rttAt(behaviour.rttMs, index, random) };
  }
}

/** One hop of a traceroute path, answering per probe round. */
export interface PlannedHop {
  readonly address: string | null;
  readonly mpls: readonly MplsLabel[];
  /** RTT in ms of round `round`, or null when that probe is lost. */
  probe(round: number, random: Random): number | null;
}

function hop(
  address: string | null,
  rtt: RttSpec | undefined,
  loss: { readonly lossPattern?: readonly boolean[]; readonly lossPercent?: number },
  mpls: readonly MplsLabel[] = [],
): PlannedHop {
  return {
    address,
    mpls,
    probe: (round, random) =>
      address === null || isLost(loss, round) ? null : rttAt(rtt, round, random),
  };
}

/**
 * The path a traceroute walks: the listed hops, or the target alone when it answers, or
 * `max-hops` silent hops when nothing comes back.
 */
export function planHops(target: ResolvedTarget, maxHops: number): PlannedHop[] {
  const { behaviour, ip } = target;
  if (behaviour.hops !== undefined && behaviour.hops.length > 0) {
    return behaviour.hops.slice(0, maxHops).map((listed) => {
      const isTarget = listed.address === ip;
      const rtt = listed.rttMs ?? (isTarget ? behaviour.rttMs : 1);
      return hop(listed.address, rtt, listed, listed.mpls);
    });
  }
  const outcome = behaviour.outcome ?? 'reply';
  switch (outcome) {
    case 'reply':
      return [hop(ip, behaviour.rttMs, behaviour)];
    case 'host-unreachable':
      return [hop(behaviour.unreachableFrom ?? DEFAULT_UNREACHABLE_FROM, behaviour.rttMs, {})];
    case 'timeout':
    case 'no-route':
    case 'dns-fail':
      return Array.from({ length: maxHops }, () => hop(null, undefined, {}));
  }
}
