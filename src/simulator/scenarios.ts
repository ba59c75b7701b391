import type { SimulatedRouterOptions, TargetBehaviour } from './simulator.types';

/** A simulated device with the name the runner and the demo know it by. */
export interface NamedRouterOptions extends SimulatedRouterOptions {
  readonly name: string;
}

/** One or more devices to start together. */
export interface Scenario {
  readonly routers: readonly NamedRouterOptions[];
}

export const DEMO_ROUTER_NAME = 'demo-router';
export const DEMO_USERNAME = 'sentinel';
export const DEMO_PASSWORD = 'sentinel-demo';
/** The target whose traceroute shows a 5-hop path with a silent hop and MPLS labels. */
export const DEMO_TRACE_TARGET = '8.8.8.8';

/**
 * The demo network. Nothing is ever really probed: these names and addresses are only keys
 * the simulated device answers for.
 */
export const DEMO_TARGETS: Readonly<Record<string, TargetBehaviour>> = {
  // Steady ~10 ms, over a path with an unanswering hop and MPLS in the core.
  '8.8.8.8': {
    rttMs: [10.412, 9.876, 10.153, 9.934, 10.271],
    ttl: 117,
    hops: [
      { address: '10.10.0.1', rttMs: [0.6, 0.8, 0.7] },
      { address: '100.64.12.1', rttMs: [4.2, 4.6, 4.3], mpls: [{ label: 24012, exp: 0 }] },
      { address: null },
      {
        address: '72.14.215.85',
        rttMs: [9.1, 9.7, 9.3],
        mpls: [
          { label: 103, exp: 2 },
          { label: 19, exp: 2, ttl: 1 },
        ],
      },
      { address: '8.8.8.8' },
    ],
  },
  // Jitter: a seeded draw between 4 and 38 ms per probe.
  '1.1.1.1': { rttMs: { min: 4, max: 38 }, ttl: 58 },
  // 30% loss, spread evenly (count=10 loses SEQ 3, 6 and 9).
  'lossy.example': {
    resolvesTo: '203.0.113.10',
    lossPercent: 30,
    rttMs: [24.5, 27.25, 31.125, 25.75],
  },
  // Resolves, never answers.
  'unreachable.example': { resolvesTo: '203.0.113.99', outcome: 'timeout' },
  // No route from this router.
  '198.51.100.1': { outcome: 'no-route' },
  // The local gateway answers `host unreachable` for a LAN host that is down.
  '192.168.88.50': { outcome: 'host-unreachable', unreachableFrom: '192.168.88.1', rttMs: 3.2 },
  // A name the DNS does not know.
  'nxdomain.example': { outcome: 'dns-fail' },
};

/** The demo device: a RouterOS 7.12.2 CCR2004 named `demo-router`, on an ephemeral port. */
export function demoRouterOptions(
  overrides: Partial<SimulatedRouterOptions> = {},
): NamedRouterOptions {
  return {
    name: DEMO_ROUTER_NAME,
    format: 'v7',
    identity: DEMO_ROUTER_NAME,
    version: '7.12.2',
    users: [{ username: DEMO_USERNAME, password: DEMO_PASSWORD }],
    targets: DEMO_TARGETS,
    defaultBehaviour: { rttMs: { min: 15, max: 25 } },
    ...overrides,
  };
}

/** The scenario `npm run demo` and the e2e tests start when given nothing else. */
export function demoScenario(): Scenario {
  return { routers: [demoRouterOptions()] };
}
