import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error';
import { errorEnvelope, type ErrorEnvelope } from '../common/errors/error-envelope';
import { DeviceResolver } from './device.resolver';
import type { BatchRequestDto } from './dto/batch-request.dto';
import { ProbeService } from './probe.service';
import type { CallContext, TestResponse } from './probe.types';

export interface BatchResponse {
  status: 'completed';
  tests_requested: number;
  tests_successful: number;
  execution_time_seconds: number;
  results: Array<TestResponse | ErrorEnvelope>;
}

/** POST /api/test/batch: every test on one router; one failure does not fail the others. */
@Injectable()
export class BatchService {
  constructor(
    private readonly resolver: DeviceResolver,
    private readonly probe: ProbeService,
  ) {}

  async runBatch(request: BatchRequestDto, context: CallContext): Promise<BatchResponse> {
    const started = Date.now();
    const device = this.resolver.resolve(request);
    // All at once: the device pool's per-router limit and queue decide how many really run.
    const settled = await Promise.allSettled(
      request.tests.map((test) => this.probe.runOnDevice(device, test, context)),
    );
    const results = settled.map((outcome) =>
      outcome.status === 'fulfilled'
        ? outcome.value
        : toEnvelope(outcome.reason, context.requestId),
    );
    return {
      status: 'completed',
      tests_requested: request.tests.length,
      tests_successful: results.filter((result) => result.status === 'success').length,
      execution_time_seconds: Math.round(Date.now() - started) / 1000,
      results,
    };
  }
}

function toEnvelope(error: unknown, requestId: string): ErrorEnvelope {
  if (error instanceof DomainError) {
    return errorEnvelope(error.code, error.message, requestId, error.details);
  }
  return errorEnvelope('INTERNAL_ERROR', 'Internal error', requestId);
}
