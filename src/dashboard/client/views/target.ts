import type { PingPoint, PointView, TraceroutePoint } from '../../../history/history.types';
import { diffPaths } from '../../../history/path.diff';
import { get, type HistoryAnswer, query, roleAllows } from '../api';
import { drawLatencyChart, lossLegend } from '../chart';
import { facts, h, replace, show, table } from '../dom';
import { errorText, formatTime, section } from './common';
import type { View } from './context';

/** One device and target: the latency chart and the latest traceroute. */
export const targetView: View = async (page, context, [device = '', target = '']) => {
  const latency = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const path = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const heading = h(
    'h1',
    {},
    h('span', { attrs: { 'data-field': 'device' } }, device),
    ' → ',
    h('span', { attrs: { 'data-field': 'target' } }, target),
  );
  const runLink = roleAllows(context.me.role, 'operator')
    ? h(
        'p',
        {},
        h(
          'a',
          {
            class: 'button',
            attrs: { href: `#/test/${encodeURIComponent(device)}/${encodeURIComponent(target)}` },
          },
          'Run a test on this target',
        ),
      )
    : null;
  replace(
    page,
    heading,
    runLink ?? '',
    section('Latency (ping)', 'latency', latency),
    section('Path (traceroute)', 'path', path),
  );
  const series = { device, target };
  await Promise.all([
    get<HistoryAnswer>(query('/api/history', { ...series, test_type: 'ping' })).then(
      (answer) => fillLatency(latency, answer.points as Array<PointView<PingPoint>>),
      (error: unknown) => replace(latency, errorText(error)),
    ),
    get<HistoryAnswer>(query('/api/history', { ...series, test_type: 'traceroute' })).then(
      (answer) => fillPath(path, answer.points as Array<PointView<TraceroutePoint>>),
      (error: unknown) => replace(path, errorText(error)),
    ),
  ]);
};

function fillLatency(into: HTMLElement, points: Array<PointView<PingPoint>>): void {
  if (points.length === 0) {
    replace(into, h('p', { class: 'muted' }, 'No ping results kept for this target yet.'));
    return;
  }
  const last = points[points.length - 1];
  const canvas = h('div', { class: 'chart', attrs: { 'data-samples': String(points.length) } });
  replace(
    into,
    h(
      'p',
      { class: 'chart-summary' },
      `${points.length} samples from ${formatTime(points[0].t)} to ${formatTime(last.t)}. Last: median `,
      h('strong', { attrs: { 'data-field': 'last-median' } }, show(last.median, ' ms')),
      ', loss ',
      h('strong', { attrs: { 'data-field': 'last-loss' } }, show(last.loss, ' %')),
      '.',
    ),
    canvas,
    lossLegend(),
  );
  drawLatencyChart(canvas, points);
}

function fillPath(into: HTMLElement, points: Array<PointView<TraceroutePoint>>): void {
  if (points.length === 0) {
    replace(into, h('p', { class: 'muted' }, 'No traceroute results kept for this target yet.'));
    return;
  }
  const last = points[points.length - 1];
  const previous = points.length > 1 ? points[points.length - 2] : undefined;
  const changes = previous === undefined ? [] : diffPaths(previous.path, last.path);
  const changedAt = new Map(changes.map((change) => [change.hop, change]));
  const hops = last.path.map((address, index) => {
    const change = changedAt.get(index + 1);
    return h(
      'li',
      {
        class: change === undefined ? 'hop' : 'hop changed',
        attrs: { 'data-hop': String(index + 1) },
      },
      h('span', { class: 'address' }, address === '*' ? '* (no answer)' : address),
      change === undefined
        ? null
        : h('span', { class: 'was' }, `changed, was ${change.previous ?? 'no hop'}`),
    );
  });
  const removed = changes.filter((change) => change.current === null);
  replace(
    into,
    facts([
      ['Measured', formatTime(last.t)],
      ['Hops', show(last.hop_count)],
      ['Reached the target', show(last.reached)],
      ['Path hash', show(last.path_hash)],
      [
        'Path changed',
        h(
          'span',
          {
            class: last.path_changed === true ? 'badge badge-warn' : 'badge',
            attrs: { 'data-field': 'path-changed' },
          },
          show(last.path_changed),
        ),
      ],
    ]),
    h('ol', { class: 'path' }, ...hops),
    removed.length === 0
      ? null
      : h(
          'p',
          { class: 'muted' },
          `Hops gone since the previous traceroute: ${removed.map((change) => `${change.hop} (${change.previous ?? ''})`).join(', ')}`,
        ),
    h('h3', {}, 'Recent traceroutes'),
    table(
      ['Measured', 'Hops', 'Reached', 'Path hash', 'Changed'],
      points
        .slice(-10)
        .reverse()
        .map((point) => [
          formatTime(point.t),
          show(point.hop_count),
          show(point.reached),
          show(point.path_hash),
          show(point.path_changed),
        ]),
    ),
  );
}
