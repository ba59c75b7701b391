import { Agent } from 'node:http';
import { call, type CallOptions, type Reply } from './http';

/** One kind of request in a load mix, with what its answer must be. */
export interface LoadProbe {
  name: string;
  /** How many of each round of the mix are this kind. */
  weight: number;
  path: string;
  options: Omit<CallOptions, 'agent'>;
  /** Why the answer is wrong, or null when it is exactly what the simulator was set to produce. */
  check(reply: Reply): string | null;
}

export interface LoadResult {
  requests: number;
  errors5xx: number;
  /** The first few wrong answers, and how many there were in all. */
  wrongAnswers: number;
  wrongSamples: string[];
  latenciesMs: number[];
  byProbe: Record<string, number[]>;
}

export interface LoadOptions {
  baseUrl: string;
  ratePerSecond: number;
  durationMs: number;
  mix: readonly LoadProbe[];
  /** Called about every 250 ms while the load runs (sampling memory, say). */
  onTick?: (elapsedMs: number) => void;
}

/**
 * An open-loop load at a fixed rate: request i is sent at i / rate seconds whether or not the
 * earlier ones have answered, so a slow service cannot slow the load down and hide its latency.
 * Kinds follow the mix's weights in a fixed order; every answer is checked.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  // Idle sockets are dropped after 4 s, before the server's 5 s keep-alive timeout: reusing one
  // the server is closing at that moment is a client race (ECONNRESET), not an answer.
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });
  const order = options.mix.flatMap((probe) => Array.from({ length: probe.weight }, () => probe));
  const total = Math.floor((options.durationMs / 1000) * options.ratePerSecond);
  const result: LoadResult = {
    requests: 0,
    errors5xx: 0,
    wrongAnswers: 0,
    wrongSamples: [],
    latenciesMs: [],
    byProbe: {},
  };
  const wrong = (why: string) => {
    result.wrongAnswers += 1;
    if (result.wrongSamples.length < 10) result.wrongSamples.push(why);
  };
  const started = performance.now();
  const ticker = setInterval(() => options.onTick?.(performance.now() - started), 250);
  const inFlight: Array<Promise<void>> = [];
  try {
    for (let i = 0; i < total; i += 1) {
      const due = started + (i * 1000) / options.ratePerSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const probe = order[i % order.length];
      result.requests += 1;
      inFlight.push(
        call(options.baseUrl, probe.path, { ...probe.options, agent }).then(
          (reply) => {
            result.latenciesMs.push(reply.ms);
            (result.byProbe[probe.name] ??= []).push(reply.ms);
            if (reply.status >= 500) result.errors5xx += 1;
            const why = probe.check(reply);
            if (why !== null) wrong(`${probe.name}: ${why}`);
          },
          (error: unknown) => wrong(`${probe.name}: no answer (${String(error)})`),
        ),
      );
    }
    await Promise.all(inFlight);
  } finally {
    clearInterval(ticker);
    agent.destroy();
  }
  return result;
}

/** `expected` and `actual` differ: a short account of the first difference, else null. */
export function differs(expected: unknown, actual: unknown, path = ''): string | null {
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return `${path || 'body'} is not an object`;
    for (const [key, value] of Object.entries(expected)) {
      const why = differs(value, (actual as Record<string, unknown>)[key], `${path}.${key}`);
      if (why !== null) return why;
    }
    if (Array.isArray(expected) && Array.isArray(actual) && actual.length !== expected.length) {
      return `${path} has ${actual.length} items, expected ${expected.length}`;
    }
    return null;
  }
  return Object.is(expected, actual)
    ? null
    : `${path} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
}
