import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { ErrorCode } from '../common/errors/error-code';
import type { TestType } from './dto/test-parameters.dto';

/** One test answered: fresh from the router, from the cache, shared, stale, or failed. */
export interface TestEvent {
  testType: TestType;
  device: string;
  target: string;
  outcome: 'success' | 'error';
  source: 'device' | 'cache' | 'coalesced' | 'stale';
  durationMs: number;
  errorCode?: ErrorCode;
  result?: Record<string, unknown>;
}

/**
 * What the probe module tells observers (metrics, stats, history). Observers subscribe; the
 * probe module never imports them.
 */
@Injectable()
export class ProbeEvents {
  private readonly emitter = new EventEmitter();

  emitTest(event: TestEvent): void {
    this.emitter.emit('test', event);
  }

  onTest(listener: (event: TestEvent) => void): void {
    this.emitter.on('test', listener);
  }
}
