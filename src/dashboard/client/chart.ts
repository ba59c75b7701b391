import uPlot from 'uplot';
import type { PingPoint, PointView } from '../../history/history.types';
import { h } from './dom';
import { LOSS_SCALE, lossColour } from './loss.scale';

const BAND_FILL = 'rgba(98, 160, 234, 0.28)';
// The 100 % colour, see-through: a column where every probe was lost.
const TOTAL_LOSS_FILL = 'rgba(165, 29, 45, 0.25)';

/** uPlot's columns: time (s), min, median, max, loss; null stays null (a gap, never 0). */
export function chartColumns(
  points: ReadonlyArray<PointView<PingPoint>>,
): [
  number[],
  Array<number | null>,
  Array<number | null>,
  Array<number | null>,
  Array<number | null>,
] {
  return [
    points.map((point) => Date.parse(point.t) / 1000),
    points.map((point) => point.min),
    points.map((point) => point.median),
    points.map((point) => point.max),
    points.map((point) => point.loss),
  ];
}

/**
 * Draws a SmokePing-style latency chart into `container`: the min-max band, the median line,
 * a median mark per sample coloured by its loss, and a shaded column where everything was lost.
 */
export function drawLatencyChart(
  container: HTMLElement,
  points: ReadonlyArray<PointView<PingPoint>>,
): uPlot {
  const [xs, min, median, max, loss] = chartColumns(points);
  const marks = (u: uPlot): void => {
    const { ctx, bbox } = u;
    const width = Math.max(4, Math.min(14, (bbox.width / Math.max(xs.length, 1)) * 0.5));
    ctx.save();
    xs.forEach((x, index) => {
      const left = u.valToPos(x, 'x', true) - width / 2;
      const value = median[index];
      if (value === null) {
        if (loss[index] === 100) {
          ctx.fillStyle = TOTAL_LOSS_FILL;
          ctx.fillRect(left, bbox.top, width, bbox.height);
        }
        return;
      }
      ctx.fillStyle = lossColour(loss[index]);
      ctx.fillRect(
        left,
        u.valToPos(value, 'y', true) - 3 * devicePixelRatio,
        width,
        6 * devicePixelRatio,
      );
    });
    ctx.restore();
  };
  const options: uPlot.Options = {
    width: Math.max(container.clientWidth, 320),
    height: 300,
    scales: {
      x: {
        time: true,
        range: (_u, low, high) => (low === high ? [low - 60, high + 60] : [low, high]),
      },
      y: { range: (_u, _low, high) => [0, high > 0 ? high * 1.15 : 1] },
    },
    axes: [
      {},
      { label: 'RTT (ms)', values: (_u, ticks) => ticks.map((tick) => `${tick} ms`), size: 70 },
    ],
    series: [
      {},
      { label: 'min', stroke: 'rgba(28, 113, 216, 0.5)', width: 1, points: { show: false } },
      { label: 'median', stroke: '#241f31', width: 1.5, points: { show: false } },
      { label: 'max', stroke: 'rgba(28, 113, 216, 0.5)', width: 1, points: { show: false } },
    ],
    bands: [{ series: [3, 1], fill: BAND_FILL }],
    hooks: { draw: [marks] },
    legend: { show: true },
  };
  const chart = new uPlot(options, [xs, min, median, max], container);
  charts.add({ chart, container });
  return chart;
}

// One resize listener for all charts; charts whose page was left are destroyed on the way.
const charts = new Set<{ chart: uPlot; container: HTMLElement }>();
window.addEventListener('resize', () => {
  for (const entry of charts) {
    if (!entry.container.isConnected) {
      entry.chart.destroy();
      charts.delete(entry);
    } else {
      entry.chart.setSize({ width: Math.max(entry.container.clientWidth, 320), height: 300 });
    }
  }
});

/** The colour key under the chart. */
export function lossLegend(): HTMLElement {
  return h(
    'ul',
    { class: 'loss-legend', attrs: { 'aria-label': 'Packet loss colours' } },
    h('li', {}, 'loss:'),
    ...LOSS_SCALE.map((step) => {
      const swatch = h('span', { class: 'swatch' });
      swatch.style.background = step.colour;
      return h('li', {}, swatch, step.label);
    }),
  );
}
