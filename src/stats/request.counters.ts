import { Injectable } from '@nestjs/common';

/** Requests answered since start, by outcome, for /api/stats. Fed by HttpMetricsMiddleware. */
@Injectable()
export class RequestCounters {
  private counts = { total: 0, successful: 0, failed: 0 };

  /** One finished response: 1xx-3xx is a success, 4xx and 5xx a failure. */
  record(status: number): void {
    this.counts.total += 1;
    if (status >= 400) this.counts.failed += 1;
    else this.counts.successful += 1;
  }

  snapshot(): { total: number; successful: number; failed: number } {
    return { ...this.counts };
  }
}
