import { DomainError } from '../common/errors/domain.error';

/** Gives the slot back; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  enqueuedAt: number;
  grant(release: Release): void;
  fail(error: DomainError): void;
}

interface RouterState {
  limit: number;
  inFlight: number;
  queue: Waiter[];
  // Moving average of how long a slot is held, for Retry-After.
  averageHoldMs?: number;
}

// Until a router has history, assume a default ping (4 probes, 1 s apart) holds a slot this long.
const DEFAULT_HOLD_MS = 5_000;
const MAX_RETRY_AFTER_SECONDS = 300;

/**
 * Per-router admission: at most `limit` commands at once per host:port, the rest wait in a
 * bounded FIFO. A full queue, or a waiter whose deadline passes before it got a slot, gets
 * DEVICE_BUSY with a Retry-After estimated from the queue length and recent hold times: the
 * command never started, so this is a capacity answer, not a timeout.
 */
export class DeviceLimiter {
  private readonly routers = new Map<string, RouterState>();

  constructor(private readonly maxQueue: number) {}

  /** Resolves with a release function once a slot is free; `signal` abandons the wait. */
  acquire(router: string, limit: number, signal: AbortSignal): Promise<Release> {
    const state = this.state(router);
    // The latest caller's limit wins: inventory and request may disagree for the same router.
    state.limit = Math.max(1, limit);
    if (state.inFlight < state.limit && state.queue.length === 0) {
      return Promise.resolve(this.take(state));
    }
    if (state.queue.length >= this.maxQueue) {
      return Promise.reject(this.busy(router, state, 'its queue is full'));
    }
    if (signal.aborted) {
      return Promise.reject(this.busy(router, state, 'no session was free before the deadline'));
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        enqueuedAt: Date.now(),
        grant: (release) => {
          signal.removeEventListener('abort', onAbort);
          resolve(release);
        },
        fail: reject,
      };
      const onAbort = (): void => {
        state.queue.splice(state.queue.indexOf(waiter), 1);
        reject(this.busy(router, state, 'no session became free before the deadline', waiter));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      state.queue.push(waiter);
    });
  }

  /** Commands holding a slot and commands waiting, per host:port. */
  snapshot(): Record<string, { inFlight: number; queued: number }> {
    const devices: Record<string, { inFlight: number; queued: number }> = {};
    for (const [router, state] of this.routers) {
      devices[router] = { inFlight: state.inFlight, queued: state.queue.length };
    }
    return devices;
  }

  /** Fails every waiter (shutdown). */
  rejectAll(error: DomainError): void {
    for (const state of this.routers.values()) {
      for (const waiter of state.queue.splice(0)) waiter.fail(error);
    }
  }

  private state(router: string): RouterState {
    let state = this.routers.get(router);
    if (state === undefined) {
      state = { limit: 1, inFlight: 0, queue: [] };
      this.routers.set(router, state);
    }
    return state;
  }

  private take(state: RouterState): Release {
    state.inFlight += 1;
    const since = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.inFlight -= 1;
      const held = Date.now() - since;
      state.averageHoldMs =
        state.averageHoldMs === undefined ? held : 0.8 * state.averageHoldMs + 0.2 * held;
      this.dispatch(state);
    };
  }

  private dispatch(state: RouterState): void {
    while (state.inFlight < state.limit && state.queue.length > 0) {
      const waiter = state.queue.shift();
      waiter?.grant(this.take(state));
    }
  }

  private busy(router: string, state: RouterState, why: string, waiter?: Waiter): DomainError {
    const holdMs = state.averageHoldMs ?? DEFAULT_HOLD_MS;
    // Everyone ahead (and this caller) needs a slot; `limit` of them are served at a time.
    const waves = Math.ceil((state.queue.length + 1) / state.limit);
    const retryAfterSeconds = Math.min(
      MAX_RETRY_AFTER_SECONDS,
      Math.max(1, Math.ceil((waves * holdMs) / 1000)),
    );
    return new DomainError('DEVICE_BUSY', `Router ${router} is busy: ${why}`, {
      retryAfterSeconds,
      details: {
        device: router,
        in_flight: state.inFlight,
        queued: state.queue.length,
        max_sessions: state.limit,
        ...(waiter === undefined ? {} : { queued_ms: Date.now() - waiter.enqueuedAt }),
      },
    });
  }
}
