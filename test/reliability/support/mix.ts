import { KEYS } from '../../support/harness';
import type { Reply } from './http';
import { differs, type LoadProbe } from './load';

const bearer = (role: keyof typeof KEYS) => ({ Authorization: `Bearer ${KEYS[role]}` });

/** A ping whose every figure follows from what the simulated router was set to answer. */
export function pingProbe(options: {
  name: string;
  weight: number;
  device: string;
  target: string;
  /** One entry per probe: the RTT the router prints, or null for a lost probe. */
  rtts: ReadonlyArray<number | null>;
  useCache: boolean;
  role?: 'operator' | 'admin';
}): LoadProbe {
  const received = options.rtts.filter((rtt): rtt is number => rtt !== null);
  const sent = options.rtts.length;
  const loss = Math.round(((sent - received.length) / sent) * 10_000) / 100;
  const expected = {
    status: 'success',
    test_type: 'ping',
    mikrotik_host: options.device,
    target: options.target,
    results: {
      ping_stats: {
        packets_sent: sent,
        packets_received: received.length,
        packet_loss_percent: loss,
        rtt_min_ms: received.length === 0 ? null : Math.min(...received),
        rtt_max_ms: received.length === 0 ? null : Math.max(...received),
        rtts_ms: options.rtts,
      },
      availability_percent: 100 - loss,
      parameters: { count: sent, size: 64, interval: 0.01 },
    },
  };
  return {
    name: options.name,
    weight: options.weight,
    path: '/api/test',
    options: {
      headers: bearer(options.role ?? 'operator'),
      body: {
        mikrotik_host: options.device,
        test_type: 'ping',
        target: options.target,
        count: sent,
        interval: 0.01,
        use_cache: options.useCache,
      },
    },
    check: (reply) => statusIs(reply, 200) ?? differs(expected, reply.body),
  };
}

/** A GET whose answer must have `status` and, when given, contain `expected`. */
export function getProbe(options: {
  name: string;
  weight: number;
  path: string;
  role?: keyof typeof KEYS;
  status: number;
  expected?: unknown;
  /** For text answers (Prometheus): a line that must be there. */
  contains?: string;
}): LoadProbe {
  return {
    name: options.name,
    weight: options.weight,
    path: options.path,
    options: { headers: options.role === undefined ? {} : bearer(options.role) },
    check: (reply) =>
      statusIs(reply, options.status) ??
      (options.expected === undefined ? null : differs(options.expected, reply.body)) ??
      (options.contains === undefined || reply.text.includes(options.contains)
        ? null
        : `no ${JSON.stringify(options.contains)} in the answer`),
  };
}

function statusIs(reply: Reply, status: number): string | null {
  return reply.status === status ? null : `status ${reply.status}: ${reply.text.slice(0, 200)}`;
}
