import type { Browser, Page } from 'playwright-core';
import { buildDashboard } from '../../src/dashboard/dashboard.build';
import { HistoryService } from '../../src/history/history.service';
import type { TargetBehaviour } from '../../src/simulator/simulator.types';
import { type Harness, KEYS, ROUTER_PASSWORD, startHarness } from '../support/harness';
import { launchChromium, openPage, type PageWatch, screenshot, signIn } from './browser';

// The dashboard in a real Chromium against the real app, fed by a simulated router over SSH.

const TARGET = '192.0.2.10';
const HTML_IDENTITY = '<img src=x onerror=alert(1)>';
const HTML_TARGET = '<svg onload=alert(2)>';
const PATH_A = [{ address: '10.1.0.1' }, { address: '10.2.0.1' }, { address: TARGET }];
const PATH_B = [
  { address: '10.1.0.1' },
  { address: '10.9.0.1' },
  { address: '10.9.0.2' },
  { address: TARGET },
];
// A latency history with a bad spell: loss of 0, 25, 50 and 100 % in turn.
const SPELLS: TargetBehaviour[] = [
  { rttMs: [11, 12, 13, 14] },
  { rttMs: [14, 18, 22, 16] },
  { rttMs: [12, 30, 45, 20], lossPattern: [false, true, false, false] },
  { rttMs: [40, 55, 60, 48], lossPattern: [true, false, true, false] },
  { rttMs: 10, lossPattern: [true] },
  { rttMs: [13, 15, 14, 12] },
  { rttMs: [11, 12, 13, 14] },
];
const GREEN = [38, 162, 105];
const ORANGE = [230, 97, 0];

jest.setTimeout(120_000);

describe('The dashboard in a browser', () => {
  let app: Harness;
  let browser: Browser;
  const watches: PageWatch[] = [];

  const open = async (): Promise<Page> => {
    const opened = await openPage(browser);
    watches.push(opened.watch);
    return opened.page;
  };
  const apiTest = async (body: Record<string, unknown>) => {
    const response = await fetch(`${app.url}/api/test`, {
      method: 'POST',
      headers: { ...app.as('operator'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ mikrotik_host: 'core-1', target: TARGET, use_cache: false, ...body }),
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    await buildDashboard();
    app = await startHarness({
      env: { RATE_LIMIT_ENABLED: 'false' },
      routers: {
        'core-1': {
          identity: HTML_IDENTITY,
          timeScale: 0.02,
          targets: { [TARGET]: { rttMs: [11, 12, 13, 14], hops: PATH_A } },
        },
      },
    });
    // Real history: pings through the real API and the simulated router, then a path change.
    for (const spell of SPELLS) {
      app.routers['core-1'].setTarget(TARGET, { ...spell, hops: PATH_A });
      await apiTest({ test_type: 'ping', count: 4 });
    }
    await apiTest({ test_type: 'traceroute', count: 1 });
    app.routers['core-1'].setTarget(TARGET, { rttMs: [11, 12, 13, 14], hops: PATH_B });
    await apiTest({ test_type: 'traceroute', count: 1 });
    // A series whose names are markup, as a foreign writer to the shared Redis could leave it.
    await app.running.app
      .get(HistoryService)
      .record(HTML_IDENTITY, 'ping', HTML_TARGET, new Date().toISOString(), {
        ping_stats: { packet_loss_percent: 0, rtt_median_ms: 5 },
      });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  afterEach(() => {
    // Whatever a test did, no page ran injected script, failed, or hit the Content-Security-Policy.
    for (const watch of watches.splice(0)) {
      expect(watch).toEqual({ dialogs: [], errors: [], cspViolations: [] });
    }
  });

  it('asks for an API key and refuses a wrong one', async () => {
    const page = await open();
    await page.goto(`${app.url}/dashboard`);
    await screenshot(page, '01-sign-in');
    await page.fill('#api-key', 'not-a-key-0123456789abcdef0123456789abcdef');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-field=signin-error]:has-text("UNAUTHORIZED")');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('shows a monitor health and the targets, and a chart drawn from real history, but no test form', async () => {
    const page = await open();
    await signIn(page, app.url, KEYS.monitor);
    expect(await page.textContent('[data-field=role]')).toBe('monitor');
    expect(await page.locator('nav a').allTextContents()).toEqual(['Overview']);
    await page.waitForSelector('[data-field=health-status]');
    await page.waitForSelector('table.targets');
    const row = page.locator('table.targets tr', { hasText: TARGET });
    expect(await row.locator('td').allTextContents()).toEqual([
      'core-1',
      TARGET,
      String(SPELLS.length),
      '12.5 ms',
      '0 %',
      '2',
      '4 hops, changed',
      'Show',
    ]);
    await screenshot(page, '02-monitor-overview');

    await row.locator('a', { hasText: 'Show' }).click();
    await page.waitForSelector('.chart canvas');
    expect(await page.getAttribute('.chart', 'data-samples')).toBe(String(SPELLS.length));
    expect(await page.textContent('[data-field=last-median]')).toBe('12.5 ms');
    // The median marks are drawn in the colour of their loss: green for none, orange for 25 %.
    const colours = await page.evaluate(
      ([green, orange]) => {
        const canvas = document.querySelector<HTMLCanvasElement>('.chart canvas');
        const data =
          canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ??
          new Uint8ClampedArray();
        let greens = 0;
        let oranges = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] === green[0] && data[i + 1] === green[1] && data[i + 2] === green[2])
            greens += 1;
          if (data[i] === orange[0] && data[i + 1] === orange[1] && data[i + 2] === orange[2])
            oranges += 1;
        }
        return { greens, oranges };
      },
      [GREEN, ORANGE],
    );
    expect(colours.greens).toBeGreaterThan(50);
    expect(colours.oranges).toBeGreaterThan(10);
    // The latest traceroute, with the hops that changed since the one before marked.
    expect(await page.locator('.path li').allTextContents()).toEqual([
      '10.1.0.1',
      '10.9.0.1changed, was 10.2.0.1',
      '10.9.0.2changed, was 192.0.2.10',
      `${TARGET}changed, was no hop`,
    ]);
    expect(await page.locator('.path li.changed').count()).toBe(3);
    expect(await page.textContent('[data-field=path-changed]')).toBe('yes');
    expect(await page.locator('a', { hasText: 'Run a test' }).count()).toBe(0);
    await screenshot(page, '03-monitor-target');

    await page.goto(`${app.url}/dashboard#/test`);
    await page.waitForSelector('text=Running tests needs an operator or admin key.');
    expect(await page.locator('#test-form').count()).toBe(0);
    expect(await page.evaluate(() => [localStorage.length, document.cookie])).toEqual([0, '']);
  });

  it('lets an operator run a test on the simulated router and shows the numbers it produced', async () => {
    app.routers['core-1'].setTarget(TARGET, { rttMs: [11, 12, 13, 14], hops: PATH_B });
    const page = await open();
    await signIn(page, app.url, KEYS.operator);
    expect(await page.locator('nav a').allTextContents()).toEqual([
      'Overview',
      'Run a test',
      'Cache',
    ]);
    await page.click('nav a:has-text("Run a test")');
    await page.fill('#mikrotik_host', 'core-1');
    await page.fill('#target', TARGET);
    await page.fill('#count', '4');
    await page.uncheck('#use_cache');
    await page.click('#test-form button[type=submit]');
    await page.waitForSelector('[data-field=rtt_min_ms]');
    const shown = async (field: string) => page.textContent(`[data-field=${field}]`);
    expect(await shown('packets_sent')).toBe('4');
    expect(await shown('packets_received')).toBe('4');
    expect(await shown('packet_loss_percent')).toBe('0 %');
    expect(await shown('rtt_min_ms')).toBe('11 ms');
    expect(await shown('rtt_median_ms')).toBe('12.5 ms');
    expect(await shown('rtt_max_ms')).toBe('14 ms');
    expect(await shown('jitter_ms')).toBe('1 ms');
    expect(await shown('rtts_ms')).toBe('11 ms, 12 ms, 13 ms, 14 ms');
    await screenshot(page, '04-operator-test');

    await page.selectOption('#test_type', 'traceroute');
    await page.fill('#count', '1');
    await page.click('#test-form button[type=submit]');
    await page.waitForSelector('table.hops');
    expect(await page.locator('table.hops tbody tr td:nth-child(2)').allTextContents()).toEqual(
      PATH_B.map((hop) => hop.address),
    );
    expect(await shown('path_changed')).toBe('no');

    await page.click('nav a:has-text("Cache")');
    await page.waitForSelector('table.cache-entries');
    const entries = await page.locator('table.cache-entries tbody tr').count();
    expect(entries).toBeGreaterThan(0);
    await screenshot(page, '05-operator-cache');
    await page.locator('table.cache-entries button', { hasText: 'Delete' }).first().click();
    await page.waitForSelector('.notice:has-text("Deleted")');
    await page.waitForFunction(
      (before) => document.querySelectorAll('table.cache-entries tbody tr').length === before - 1,
      entries,
    );
    expect(await page.locator('button', { hasText: 'Clear the whole cache' }).count()).toBe(0);
  });

  it('shows a router identity and a target crafted as HTML as text, never as markup', async () => {
    const page = await open();
    await signIn(page, app.url, KEYS.operator);
    await page.goto(`${app.url}/dashboard#/test/core-1/${TARGET}`);
    await page.click('button:has-text("Test connection")');
    await page.waitForSelector('[data-field="device_info.identity"]');
    expect(await page.textContent('[data-field="device_info.identity"]')).toBe(HTML_IDENTITY);
    await screenshot(page, '06-operator-connection-test');

    await page.click('nav a:has-text("Overview")');
    const row = page.locator('table.targets tr', { hasText: HTML_TARGET });
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe(HTML_IDENTITY);
    await row.locator('a', { hasText: 'Show' }).click();
    // No real device or target can be named so: the history API refuses the names, and says so as text.
    await page.waitForSelector('#latency .error:has-text("INVALID_REQUEST")');
    expect(await page.textContent('[data-field=device]')).toBe(HTML_IDENTITY);
    expect(await page.textContent('[data-field=target]')).toBe(HTML_TARGET);
    expect(
      await page.evaluate(() => document.querySelectorAll('img, svg, script:not([src])').length),
    ).toBe(0);
    await screenshot(page, '07-html-names-as-text');
  });

  it('shows an admin the device inventory without secrets, and signing out forgets the key', async () => {
    const page = await open();
    await signIn(page, app.url, KEYS.admin);
    expect(await page.locator('nav a').allTextContents()).toEqual([
      'Overview',
      'Run a test',
      'Cache',
      'Devices',
    ]);
    await page.click('nav a:has-text("Devices")');
    await page.waitForSelector('table.inventory');
    expect(await page.locator('table.inventory tbody td').first().textContent()).toBe('core-1');
    expect(await page.textContent('body')).not.toContain(ROUTER_PASSWORD);
    await screenshot(page, '08-admin-devices');

    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('#api-key');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
