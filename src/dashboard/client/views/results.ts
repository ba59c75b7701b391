import type { ConnectionAnswer, TestAnswer } from '../api';
import { facts, h, show, table } from '../dom';
import { formatTime, targetLink } from './common';

type Loose = Record<string, unknown>;

/** A POST /api/test answer: who measured what, then the numbers or the path. */
export function renderTest(answer: TestAnswer): HTMLElement {
  const header = facts([
    ['Router', answer.mikrotik_host],
    ['Target', targetLink(answer.mikrotik_host, answer.target, answer.target)],
    ['Test', answer.test_type],
    ['Measured', formatTime(answer.measured_at)],
    ['From the cache', show(answer.cache_hit)],
    ['Took', show(answer.execution_time_seconds, ' s')],
  ]);
  return h(
    'div',
    { class: 'test-answer', attrs: { 'data-test-type': answer.test_type } },
    header,
    h('h3', {}, answer.test_type === 'ping' ? 'Latency and loss' : 'Path'),
    answer.test_type === 'ping' ? renderPing(answer.results) : renderTraceroute(answer.results),
  );
}

function value(field: string, content: string): HTMLElement {
  return h('span', { attrs: { 'data-field': field } }, content);
}

function renderPing(results: Loose): HTMLElement {
  const stats = (results.ping_stats ?? {}) as Loose;
  const rtts = Array.isArray(stats.rtts_ms) ? (stats.rtts_ms as unknown[]) : [];
  return h(
    'div',
    {},
    facts(
      [
        ['Packets sent', value('packets_sent', show(stats.packets_sent))],
        ['Packets received', value('packets_received', show(stats.packets_received))],
        ['Loss', value('packet_loss_percent', show(stats.packet_loss_percent, ' %'))],
        ['RTT min', value('rtt_min_ms', show(stats.rtt_min_ms, ' ms'))],
        ['RTT median', value('rtt_median_ms', show(stats.rtt_median_ms, ' ms'))],
        ['RTT avg', value('rtt_avg_ms', show(stats.rtt_avg_ms, ' ms'))],
        ['RTT max', value('rtt_max_ms', show(stats.rtt_max_ms, ' ms'))],
        ['Std deviation', value('rtt_stddev_ms', show(stats.rtt_stddev_ms, ' ms'))],
        ['Jitter', value('jitter_ms', show(stats.jitter_ms, ' ms'))],
        ['MOS', value('mos', show(results.mos))],
        ['Quality (R)', value('quality_score', show(results.quality_score))],
      ],
      { class: 'numbers' },
    ),
    h(
      'p',
      {},
      'Each reply: ',
      value(
        'rtts_ms',
        rtts.map((rtt) => (typeof rtt === 'number' ? `${show(rtt)} ms` : 'lost')).join(', '),
      ),
    ),
  );
}

function renderTraceroute(results: Loose): HTMLElement {
  const stats = (results.traceroute_stats ?? {}) as Loose;
  const hops = Array.isArray(results.hops) ? (results.hops as Loose[]) : [];
  const changed = new Set(
    Array.isArray(results.changed_hops)
      ? (results.changed_hops as Loose[]).map((change) => change.hop)
      : [],
  );
  return h(
    'div',
    {},
    facts([
      ['Hops', value('hop_count', show(stats.hop_count))],
      ['Reached the target', value('reached_target', show(stats.reached_target))],
      ['Path hash', value('path_hash', show(results.path_hash))],
      ['Path changed', value('path_changed', show(results.path_changed))],
      ['Hop count change', value('hop_count_delta', show(results.hop_count_delta))],
    ]),
    table(
      ['Hop', 'Address', 'Loss', 'Last', 'Avg', 'Best', 'Worst', 'Status', ''],
      hops.map((hop) => [
        show(hop.hop),
        show(hop.address ?? '*'),
        show(hop.loss_percent, ' %'),
        show(hop.last_time_ms, ' ms'),
        show(hop.avg_time_ms, ' ms'),
        show(hop.best_time_ms, ' ms'),
        show(hop.worst_time_ms, ' ms'),
        show(hop.status),
        changed.has(hop.hop) ? h('span', { class: 'badge badge-warn' }, 'changed') : '',
      ]),
      { class: 'hops' },
    ),
  );
}

/** A POST /api/connection-test answer; the router's own strings are shown as text. */
export function renderConnection(answer: ConnectionAnswer): HTMLElement {
  const test = answer.connection_test;
  return h(
    'div',
    { class: 'connection-answer' },
    facts([
      ['SSH connection', show(test.ssh_connection_successful)],
      ['Authentication', show(test.authentication_successful)],
      ['Connected in', show(test.connection_time_ms, ' ms')],
      ['Host key', show(test.host_key_sha256)],
    ]),
    h('h3', {}, 'Router'),
    facts(
      Object.entries(test.device_info).map(([name, info]) => [
        name,
        value(`device_info.${name}`, show(info)),
      ]),
      { class: 'device-info' },
    ),
  );
}
