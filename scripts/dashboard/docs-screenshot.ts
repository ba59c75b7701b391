// Regenerates docs/dashboard.png: the target page of a simulated router with twelve hours of demo
// ping history and a real traceroute path change. Run it with
//   npx jest --testRegex 'scripts/dashboard/docs-screenshot\.ts$'
import { join } from 'node:path';
import { buildDashboard } from '../../src/dashboard/dashboard.build';
import { HistoryService } from '../../src/history/history.service';
import { KEYS, startHarness } from '../../test/support/harness';
import { launchChromium, openPage, signIn } from '../../test/dashboard/browser';

const TARGET = '8.8.8.8';
const OUTPUT = join(__dirname, '..', '..', 'docs', 'dashboard.png');

// A quiet link with an evening of congestion: deterministic, so the picture only changes on purpose.
function demoPing(index: number, count: number): Record<string, unknown> {
  const wave = Math.sin(index / 7) * 1.5 + ((index * 7919) % 13) / 6;
  const busy = index > count * 0.55 && index < count * 0.7;
  const median = 9 + wave + (busy ? 14 + ((index * 31) % 9) : 0);
  const loss =
    index === Math.round(count * 0.62)
      ? 100
      : busy
        ? [0, 5, 10, 25][index % 4]
        : index % 29 === 0
          ? 5
          : 0;
  const spread = busy ? 9 : 2.5;
  return {
    ping_stats: {
      packet_loss_percent: loss,
      rtt_min_ms: loss === 100 ? null : median - spread * 0.6,
      rtt_median_ms: loss === 100 ? null : median,
      rtt_avg_ms: loss === 100 ? null : median + 0.4,
      rtt_max_ms: loss === 100 ? null : median + spread,
      jitter_ms: loss === 100 ? null : spread / 3,
    },
  };
}

it('writes docs/dashboard.png', async () => {
  await buildDashboard();
  const app = await startHarness({
    env: { RATE_LIMIT_ENABLED: 'false' },
    routers: {
      'core-1': {
        timeScale: 0.02,
        targets: {
          [TARGET]: {
            rttMs: [9, 10, 11, 9],
            hops: [
              { address: '10.0.0.1' },
              { address: '100.64.0.1' },
              { address: '72.14.215.85' },
              { address: TARGET },
            ],
          },
        },
      },
    },
  });
  const browser = await launchChromium();
  try {
    const history = app.running.app.get(HistoryService);
    const count = 144;
    for (let index = 0; index < count; index += 1) {
      const at = new Date(Date.now() - (count - index) * 5 * 60_000).toISOString();
      await history.record('core-1', 'ping', TARGET, at, demoPing(index, count));
    }
    const test = (body: Record<string, unknown>) =>
      fetch(`${app.url}/api/test`, {
        method: 'POST',
        headers: { ...app.as('operator'), 'Content-Type': 'application/json' },
        body: JSON.stringify({
          mikrotik_host: 'core-1',
          target: TARGET,
          test_type: 'traceroute',
          count: 1,
          use_cache: false,
          ...body,
        }),
      });
    await test({});
    app.routers['core-1'].setTarget(TARGET, {
      rttMs: 10,
      hops: [
        { address: '10.0.0.1' },
        { address: '100.64.0.9' },
        { address: null },
        { address: '142.250.46.161' },
        { address: TARGET },
      ],
    });
    await test({});

    const { page } = await openPage(browser);
    await signIn(page, app.url, KEYS.operator);
    await page.goto(`${app.url}/dashboard#/target/core-1/${TARGET}`);
    await page.waitForSelector('.chart canvas');
    await page.waitForSelector('.path li');
    await page.screenshot({ path: OUTPUT, fullPage: true });
  } finally {
    await browser.close();
    await app.close();
  }
}, 120_000);
