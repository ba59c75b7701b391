import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error';
import { DeviceService } from '../device/device.service';
import { detectRouterOsError } from '../routeros/error.parser';
import { parsePing } from '../routeros/ping.parser';
import { parseTraceroute } from '../routeros/traceroute.parser';
import { UnparseableOutputError } from '../routeros/routeros.errors';
import { buildPingResults } from './ping.metrics';
import { buildTracerouteResults } from './traceroute.metrics';
import type { ResolvedDevice } from './device.resolver';
import type { MeasuredResult } from './probe.types';
import type { PingParameters, TestPlan } from './test.plan';

// Time allowed beyond what the router itself needs: login and the answer's transfer.
const DEADLINE_MARGIN_MS = 5000;

/** Runs one planned test on a router and turns what it printed into the spec's results. */
@Injectable()
export class MeasurementRunner {
  private readonly versions = new Map<string, string>();

  constructor(private readonly devices: DeviceService) {}

  /** Remembers a router's RouterOS version (learnt by a connection test) for later answers. */
  rememberVersion(identity: string, version: string): void {
    this.versions.set(identity, version);
  }

  async measure(
    device: ResolvedDevice,
    plan: TestPlan,
    requestTimeoutMs: number,
    requestId: string,
  ): Promise<MeasuredResult> {
    // The command's own budget starts when the router has a free session; the wait for one gets
    // what is left of the request's time, so a burst of tests on one router queues instead of
    // timing out, and the whole request still ends within REQUEST_TIMEOUT.
    const deadlineMs = Math.min(requestTimeoutMs, plan.expectedDeviceMs + DEADLINE_MARGIN_MS);
    const queueWaitMs = Math.max(0, requestTimeoutMs - deadlineMs);
    const started = Date.now();
    const run = await this.devices.run(device.target, plan.command, {
      deadlineMs,
      queueWaitMs,
      requestId,
    });
    const deviceError = detectRouterOsError(run.output);
    if (deviceError !== null) {
      throw new DomainError(
        'MIKROTIK_COMMAND_FAILED',
        `The router refused the command: ${deviceError.message}`,
        {
          details: { device_message: deviceError.message, error_kind: deviceError.kind },
        },
      );
    }
    const results = this.interpret(plan, run.output, run.durationMs);
    return {
      test_type: plan.testType,
      mikrotik_host: device.label,
      target: plan.target,
      execution_time_seconds: round((Date.now() - started) / 1000, 3),
      measured_at: new Date().toISOString(),
      results,
      metadata: {
        transport: 'ssh',
        routeros_version: this.versions.get(device.identity) ?? null,
        test_duration_ms: Math.round(run.durationMs),
        command: plan.command,
      },
    };
  }

  private interpret(plan: TestPlan, output: string, durationMs: number): Record<string, unknown> {
    try {
      if (plan.testType === 'ping') {
        return { ...buildPingResults(parsePing(output), plan.parameters as PingParameters) };
      }
      return {
        ...buildTracerouteResults(parseTraceroute(output), {
          target: plan.target,
          totalTimeMs: Math.round(durationMs),
        }),
      };
    } catch (error) {
      if (error instanceof UnparseableOutputError) {
        throw new DomainError(
          'MIKROTIK_COMMAND_FAILED',
          'The router printed something that is not a test result',
          {
            details: { device_message: error.what },
          },
        );
      }
      throw error;
    }
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
