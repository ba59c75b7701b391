import { buildPingCommand, buildTracerouteCommand } from '../routeros/command.builder';
import type { TestParametersDto, TestType } from './dto/test-parameters.dto';

export interface PingParameters {
  count: number;
  size: number;
  interval: number;
}

export interface TracerouteParameters {
  count: number;
  max_hops: number;
  timeout: number;
}

/** A validated test with every default applied, ready to run. */
export interface TestPlan {
  testType: TestType;
  target: string;
  parameters: PingParameters | TracerouteParameters;
  srcAddress?: string;
  routingTable?: string;
  command: string;
  /** How long the router may take, before connection set-up and queueing. */
  expectedDeviceMs: number;
  useCache: boolean;
  allowStale: boolean;
}

export const PING_DEFAULTS: PingParameters = { count: 4, size: 64, interval: 1 };
export const TRACEROUTE_DEFAULTS: TracerouteParameters = { count: 3, max_hops: 30, timeout: 1 };
// RouterOS waits up to a second for the last ping reply.
const PING_REPLY_WAIT_MS = 1000;

/** Applies defaults and builds the one command line for a validated test. */
export function planTest(dto: TestParametersDto): TestPlan {
  // `null` passes @IsOptional() like an absent field, and means the same: not given (a null
  // reached the command builder, which refused it, and the request ended in a 500).
  const srcAddress = dto.src_address ?? undefined;
  const routingTable = dto.routing_table ?? undefined;
  const common = {
    target: dto.target,
    srcAddress,
    routingTable,
    useCache: dto.use_cache ?? true,
    allowStale: dto.allow_stale ?? false,
  };
  if (dto.test_type === 'ping') {
    const parameters: PingParameters = {
      count: dto.count ?? PING_DEFAULTS.count,
      size: dto.size ?? PING_DEFAULTS.size,
      interval: dto.interval ?? PING_DEFAULTS.interval,
    };
    return {
      ...common,
      testType: 'ping',
      parameters,
      command: buildPingCommand({
        ...parameters,
        target: dto.target,
        srcAddress,
        routingTable,
      }),
      expectedDeviceMs: (parameters.count - 1) * parameters.interval * 1000 + PING_REPLY_WAIT_MS,
    };
  }
  const parameters: TracerouteParameters = {
    count: dto.count ?? TRACEROUTE_DEFAULTS.count,
    max_hops: dto.max_hops ?? TRACEROUTE_DEFAULTS.max_hops,
    timeout: dto.timeout ?? TRACEROUTE_DEFAULTS.timeout,
  };
  return {
    ...common,
    testType: 'traceroute',
    parameters,
    command: buildTracerouteCommand({
      target: dto.target,
      count: parameters.count,
      maxHops: parameters.max_hops,
      timeout: parameters.timeout,
      srcAddress,
      routingTable,
    }),
    // Worst case: every hop times out in every round.
    expectedDeviceMs: parameters.count * parameters.max_hops * parameters.timeout * 1000,
  };
}
