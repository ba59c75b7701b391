import { Injectable } from '@nestjs/common';
import { ProbeEvents, type TestEvent } from '../probe/probe.events';
import { MinuteWindow } from './minute.window';

const FIELDS = ['ping', 'traceroute', 'failed', 'measured', 'measuredMs'] as const;

/** The `tests` part of /api/stats over the last 24 hours. */
export interface TestActivitySummary {
  ping_tests_24h: number;
  traceroute_tests_24h: number;
  failed_tests_24h: number;
  /** Mean time of the tests that ran on a router (not cache hits); null when none did. */
  average_test_duration_ms: number | null;
}

/**
 * Counts answered tests over a sliding 24 hours from the probe module's events: every answer
 * (from the router, the cache, a shared run or a stale copy) is a test; an error is a failed one.
 */
@Injectable()
export class TestActivity {
  private readonly window = new MinuteWindow(FIELDS);

  constructor(events: ProbeEvents) {
    events.onTest((event) => this.record(event));
  }

  summary(): TestActivitySummary {
    const totals = this.window.totals();
    return {
      ping_tests_24h: totals.ping,
      traceroute_tests_24h: totals.traceroute,
      failed_tests_24h: totals.failed,
      average_test_duration_ms:
        totals.measured === 0
          ? null
          : Math.round((totals.measuredMs / totals.measured) * 100) / 100,
    };
  }

  private record(event: TestEvent): void {
    const ranOnRouter = event.source === 'device' && event.outcome === 'success';
    this.window.add({
      ping: event.testType === 'ping' ? 1 : 0,
      traceroute: event.testType === 'traceroute' ? 1 : 0,
      failed: event.outcome === 'error' ? 1 : 0,
      measured: ranOnRouter ? 1 : 0,
      measuredMs: ranOnRouter ? event.durationMs : 0,
    });
  }
}
