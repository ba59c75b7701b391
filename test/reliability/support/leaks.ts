import { DeviceService } from '../../../src/device/device.service';
import type { SimulatedRouter } from '../../../src/simulator/simulated-router';
import type { Harness } from '../../support/harness';

/** What could be left behind by a command: sessions, channels, slots, sockets, timers. */
export interface Residue {
  /** Pool: live SSH connections, commands holding a slot, commands waiting for one. */
  poolConnections: number;
  poolInFlight: number;
  poolQueued: number;
  /** Simulated routers: TCP connections and exec channels still open on the device side. */
  deviceConnections: number;
  deviceChannels: number;
  /** process.getActiveResourcesInfo() by type (sockets, timers, ...). */
  resources: Record<string, number>;
}

export function residue(h: Harness): Residue {
  const stats = h.running.app.get(DeviceService, { strict: false }).stats();
  const routers: SimulatedRouter[] = Object.values(h.routers);
  const resources: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
  return {
    poolConnections: stats.activeConnections,
    poolInFlight: stats.inFlight,
    poolQueued: stats.queued,
    deviceConnections: routers.reduce((sum, router) => sum + router.stats.activeConnections, 0),
    deviceChannels: routers.reduce((sum, router) => sum + router.stats.activeChannels, 0),
    resources,
  };
}

/** Sessions, channels and slots still held, plus sockets and timers beyond the baseline. */
export function leaked(baseline: Residue, now: Residue): number {
  const held =
    now.poolConnections +
    now.poolInFlight +
    now.poolQueued +
    now.deviceConnections +
    now.deviceChannels;
  const grown = Object.entries(now.resources).reduce(
    (sum, [type, count]) => sum + Math.max(0, count - (baseline.resources[type] ?? 0)),
    0,
  );
  return held + grown;
}

/**
 * Waits (polling) until nothing is held and no resource type grew past `baseline`, up to
 * `timeoutMs` (the pool's idle timeout must be shorter); answers what is still left then.
 */
export async function settle(
  h: Harness,
  baseline: Residue,
  timeoutMs: number,
): Promise<{ leaked: number; residue: Residue }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = residue(h);
    const count = leaked(baseline, now);
    if (count === 0 || Date.now() > deadline) return { leaked: count, residue: now };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
