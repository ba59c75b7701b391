import {
  type DiscoveryAnswer,
  get,
  getOptional,
  type PingSeriesView,
  type SeriesView,
  type TargetsAnswer,
  type TracerouteSeriesView,
} from '../api';
import { h, replace, show, table } from '../dom';
import { errorText, factList, section, targetLink } from './common';
import type { View } from './context';

interface TargetRow {
  device: string;
  target: string;
  ping?: PingSeriesView;
  traceroute?: TracerouteSeriesView;
}

/** Health, statistics, and every device and target with history or offered to Zabbix. */
export const overviewView: View = async (page) => {
  const health = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const stats = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const targets = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  replace(
    page,
    h('h1', {}, 'Overview'),
    h(
      'div',
      { class: 'columns' },
      section('Service health', 'health', health),
      section('Statistics', 'stats', stats),
    ),
    section('Devices and targets', 'targets', targets),
  );
  await Promise.all([fillHealth(health), fillStats(stats), fillTargets(targets)]);
};

async function fillHealth(into: HTMLElement): Promise<void> {
  try {
    const answer = await get<Record<string, unknown>>('/api/health');
    const status = typeof answer.status === 'string' ? answer.status : 'unknown';
    replace(
      into,
      h(
        'p',
        {},
        'Status: ',
        h(
          'strong',
          { class: `status status-${status}`, attrs: { 'data-field': 'health-status' } },
          status,
        ),
      ),
      factList(answer),
    );
  } catch (error) {
    replace(into, errorText(error));
  }
}

async function fillStats(into: HTMLElement): Promise<void> {
  try {
    const answer = await getOptional<Record<string, unknown>>('/api/stats');
    replace(
      into,
      answer === undefined
        ? h(
            'p',
            { class: 'muted' },
            'This server does not offer statistics (GET /api/stats answered 404).',
          )
        : factList(answer),
    );
  } catch (error) {
    replace(into, errorText(error));
  }
}

async function fillTargets(into: HTMLElement): Promise<void> {
  try {
    const [history, discovery] = await Promise.all([
      get<TargetsAnswer>('/api/history/targets'),
      getOptional<DiscoveryAnswer>('/api/zabbix/discovery').catch(() => undefined),
    ]);
    const rows = mergeTargets(history.series, discoveryPairs(discovery));
    if (rows.length === 0) {
      replace(
        into,
        h(
          'p',
          { class: 'muted' },
          'No history yet, and no inventory targets. Results appear here once tests have run.',
        ),
      );
      return;
    }
    replace(
      into,
      table(
        [
          'Device',
          'Target',
          'Ping points',
          'Last median',
          'Last loss',
          'Traceroute points',
          'Last path',
          '',
        ],
        rows.map((row) => [
          row.device,
          row.target,
          show(row.ping?.points ?? 0),
          show(row.ping?.last?.median, ' ms'),
          show(row.ping?.last?.loss, ' %'),
          show(row.traceroute?.points ?? 0),
          pathSummary(row.traceroute),
          targetLink(row.device, row.target, 'Show'),
        ]),
        { class: 'targets', attrs: { 'data-backend': history.backend } },
      ),
    );
  } catch (error) {
    replace(into, errorText(error));
  }
}

function pathSummary(series: TracerouteSeriesView | undefined): string {
  const last = series?.last;
  if (last === null || last === undefined) return '–';
  const hops =
    last.hop_count === null || last.hop_count === undefined ? '?' : String(last.hop_count);
  return `${hops} hops${last.path_changed === true ? ', changed' : ''}`;
}

/** Zabbix discovery answers a bare array or `{ data: [...] }`; anything else is ignored. */
export function discoveryPairs(
  answer: DiscoveryAnswer | undefined,
): Array<{ device: string; target: string }> {
  const list = Array.isArray(answer) ? answer : Array.isArray(answer?.data) ? answer.data : [];
  return list.flatMap((entry) => {
    const device = entry['{#DEVICE}'];
    const target = entry['{#TARGET}'];
    return typeof device === 'string' && typeof target === 'string' ? [{ device, target }] : [];
  });
}

/** One row per device and target, whether it has history, is offered to Zabbix, or both. */
export function mergeTargets(
  series: readonly SeriesView[],
  offered: ReadonlyArray<{ device: string; target: string }>,
): TargetRow[] {
  const rows = new Map<string, TargetRow>();
  const row = (device: string, target: string): TargetRow => {
    const key = JSON.stringify([device, target]);
    let found = rows.get(key);
    if (found === undefined) {
      found = { device, target };
      rows.set(key, found);
    }
    return found;
  };
  for (const entry of series) {
    if (entry.test_type === 'ping') row(entry.device, entry.target).ping = entry;
    else row(entry.device, entry.target).traceroute = entry;
  }
  for (const pair of offered) row(pair.device, pair.target);
  return [...rows.values()].sort(
    (a, b) => a.device.localeCompare(b.device) || a.target.localeCompare(b.target),
  );
}
