import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoRouterOptions } from '../../src/simulator/scenarios';
import { SimulatedRouter } from '../../src/simulator/simulated-router';
import { loadTemplateExport, TEMPLATE_FILE } from '../zabbix/template.model';
import { keyParts, missingValues, printValues, type ZabbixItem } from './stored-values';
import { ZabbixApi } from './zabbix-api';
import { freePort } from '../../src/common/testing/free-port';

// `npm run test:zabbix` (scripts/zabbix/e2e.sh starts Zabbix and runs this): the template imported
// into a real Zabbix 6.0 server, a host for a simulated router with two targets, and the values
// that Zabbix's own HTTP agent poller collects from the built app (dist/main.js).

const API_URL = requiredEnv('ZABBIX_API_URL');
const SERVER_CONF = requiredEnv('ZABBIX_SERVER_CONF');
const WORK = requiredEnv('ZABBIX_E2E_WORK');
const ROOT = join(__dirname, '..', '..');
const DEADLINE_MS = 4 * 60_000;

const DEVICE = 'zbx-sim-router';
const LOCKED = 'zbx-sim-locked';
const TARGETS = ['8.8.8.8', '1.1.1.1'];
const ROUTER_USER = 'sentinel';
const ROUTER_PASSWORD = randomBytes(12).toString('hex');
const API_KEY = randomBytes(24).toString('hex');

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`${name} is not set: run npm run test:zabbix`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function log(message: string): void {
  process.stdout.write(`   [zabbix-check] ${message}\n`);
}

function reloadConfigCache(): void {
  execFileSync('/usr/sbin/zabbix_server', ['-c', SERVER_CONF, '-R', 'config_cache_reload'], {
    stdio: 'ignore',
  });
}

describe('The Zabbix template in a real Zabbix 6.0 server', () => {
  const api = new ZabbixApi(API_URL);
  const routers: SimulatedRouter[] = [];
  let app: ChildProcess | undefined;
  let appUrl: string;
  let appLog = '';
  const hostIds: Record<string, string> = {};

  beforeAll(async () => {
    const router = new SimulatedRouter(
      demoRouterOptions({ users: [{ username: ROUTER_USER, password: ROUTER_PASSWORD }] }),
    );
    const locked = new SimulatedRouter(
      demoRouterOptions({ users: [{ username: ROUTER_USER, password: 'not-this-one' }] }),
    );
    routers.push(router, locked);
    const inventory = ['devices:'];
    for (const [name, device, targets] of [
      [DEVICE, router, TARGETS],
      [LOCKED, locked, ['8.8.8.8']],
    ] as const) {
      const { host, port } = await device.start();
      inventory.push(
        `  - name: ${name}`,
        `    host: ${host}`,
        `    port: ${port}`,
        `    username: ${ROUTER_USER}`,
        '    password_env: SIM_ROUTER_PASSWORD',
        `    host_key_sha256: "${device.hostKeySha256}"`,
        `    targets: [${targets.join(', ')}]`,
      );
    }
    const devicesFile = join(WORK, 'devices.yaml');
    writeFileSync(devicesFile, `${inventory.join('\n')}\n`, { mode: 0o600 });

    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    app = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        COLLECTOR_HOST: '127.0.0.1',
        COLLECTOR_PORT: String(port),
        LOG_LEVEL: 'warn',
        API_KEYS: `zabbix:operator:${API_KEY}`,
        DEVICES_FILE: devicesFile,
        SIM_ROUTER_PASSWORD: ROUTER_PASSWORD,
        AUDIT_LOG_FILE: join(WORK, 'audit.log'),
        KNOWN_HOSTS_FILE: join(WORK, 'known_hosts'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // For scripts/zabbix/e2e.sh, in case this process dies before afterAll.
    writeFileSync(join(WORK, 'app.pid'), String(app.pid));
    app.stdout?.on('data', (chunk: Buffer) => (appLog += chunk.toString()));
    app.stderr?.on('data', (chunk: Buffer) => (appLog += chunk.toString()));
    for (let i = 0; ; i += 1) {
      const live = await fetch(`${appUrl}/api/health/live`).catch(() => undefined);
      if (live?.ok === true) break;
      if (app.exitCode !== null || i > 150) throw new Error(`the app did not start:\n${appLog}`);
      await sleep(200);
    }
    log(
      `app (dist/main.js) on ${appUrl}, routers on ${routers.map((r) => r.address?.port).join(', ')}`,
    );
    await api.login();
  }, 60_000);

  afterAll(async () => {
    if (app !== undefined && app.exitCode === null) {
      const child = app;
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    await Promise.all(routers.map((router) => router.stop()));
  });

  it('imports the template through configuration.import with 6.0 rules', async () => {
    const source = readFileSync(TEMPLATE_FILE, 'utf8');
    const all = { createMissing: true, updateExisting: true };
    const result = await api.call<boolean>('configuration.import', {
      format: 'yaml',
      source,
      rules: {
        groups: { createMissing: true },
        templates: all,
        valueMaps: { ...all, deleteMissing: true },
        items: { ...all, deleteMissing: true },
        triggers: { ...all, deleteMissing: true },
        discoveryRules: { ...all, deleteMissing: true },
        graphs: { ...all, deleteMissing: true },
        templateLinkage: { createMissing: true },
      },
    });
    expect(result).toBe(true);
    const name = loadTemplateExport().zabbix_export.templates[0].template;
    const [template] = await api.call<{ templateid: string; discoveries: string; items: string }[]>(
      'template.get',
      {
        filter: { host: name },
        output: ['templateid'],
        selectItems: 'count',
        selectDiscoveries: 'count',
      },
    );
    log(
      `template "${name}" imported: ${template.items} items, ${template.discoveries} discovery rule`,
    );
    expect(Number(template.discoveries)).toBe(1);
  });

  it(
    'creates hosts with the macros and has Zabbix discover, poll and store numbers for both targets',
    async () => {
      const [template] = await api.call<{ templateid: string }[]>('template.get', {
        filter: { host: loadTemplateExport().zabbix_export.templates[0].template },
        output: ['templateid'],
      });
      // The default "Zabbix server" host polls an agent that is not there: only noise here.
      const own = await api.call<{ hostid: string }[]>('host.get', {
        filter: { host: 'Zabbix server' },
        output: ['hostid'],
      });
      if (own.length > 0) await api.call('host.update', { hostid: own[0].hostid, status: 1 });
      const groupids = (
        await api.call<{ groupid: string }[]>('hostgroup.get', {
          filter: { name: ['Sentinel routers'] },
        })
      ).map((g) => g.groupid);
      if (groupids.length === 0) {
        groupids.push(
          ...(
            await api.call<{ groupids: string[] }>('hostgroup.create', { name: 'Sentinel routers' })
          ).groupids,
        );
      }
      for (const device of [DEVICE, LOCKED]) {
        const created = await api.call<{ hostids: string[] }>('host.create', {
          host: device,
          groups: [{ groupid: groupids[0] }],
          templates: [{ templateid: template.templateid }],
          macros: [
            { macro: '{$SENTINEL.URL}', value: appUrl },
            { macro: '{$SENTINEL.API_KEY}', value: API_KEY, type: 1 },
            { macro: '{$MIKROTIK.DEVICE}', value: device },
            // Quick rounds for the test; the template's defaults are 1m, 10m and 1h.
            { macro: '{$SENTINEL.PING.INTERVAL}', value: '15s' },
            { macro: '{$SENTINEL.TRACEROUTE.INTERVAL}', value: '30s' },
            { macro: '{$SENTINEL.DISCOVERY.INTERVAL}', value: '10s' },
          ],
        });
        hostIds[device] = created.hostids[0];
      }
      reloadConfigCache();
      log('hosts created, configuration cache reloaded');

      const started = Date.now();
      let discovered = false;
      let lastReport = '';
      let items: ZabbixItem[] = [];
      while (Date.now() - started < DEADLINE_MS) {
        items = await api.call<ZabbixItem[]>('item.get', {
          hostids: hostIds[DEVICE],
          output: [
            'itemid',
            'key_',
            'name',
            'lastvalue',
            'lastclock',
            'state',
            'error',
            'flags',
            'value_type',
            'units',
          ],
        });
        const prototypesMade = TARGETS.every((t) =>
          items.some((i) => i.flags === '4' && keyParts(i.key_).target === t),
        );
        if (prototypesMade && !discovered) {
          discovered = true;
          // Discovered items reach the poller at the next configuration sync: force it.
          reloadConfigCache();
          log(
            `discovery created ${items.filter((i) => i.flags === '4').length} items after ${Math.round((Date.now() - started) / 1000)} s`,
          );
        } else if (!discovered) {
          // "Check now" on the LLD rule once it is in the configuration cache; refused before that.
          const rule = items.find((i) => i.key_ === 'sentinel.targets.discovery');
          if (rule !== undefined)
            await api
              .call('task.create', { type: 6, request: { itemid: rule.itemid } })
              .catch((error: unknown) => log(`check now refused: ${String(error)}`));
        }
        const missing = missingValues(items, DEVICE, TARGETS);
        const report = `${missing.length} values missing`;
        if (report !== lastReport) {
          log(
            `${Math.round((Date.now() - started) / 1000)} s: ${report}${missing.length > 0 && missing.length <= 6 ? ` (${missing.join(', ')})` : ''}`,
          );
          lastReport = report;
        }
        if (discovered && missing.length === 0) break;
        await sleep(3000);
      }
      printValues(items, DEVICE);
      expect(discovered).toBe(true);
      expect(missingValues(items, DEVICE, TARGETS)).toEqual([]);
      const byKey = new Map(items.map((i) => [i.key_, i]));
      expect(byKey.get('sentinel.health.status')?.lastvalue).toBe('healthy');
      for (const target of TARGETS) {
        const value = (base: string) => byKey.get(`${base}["${DEVICE}","${target}"]`)?.lastvalue;
        expect(value('sentinel.ping.status')).toBe('success');
        expect(value('sentinel.ping.error')).toBe('none');
        expect(Number(value('sentinel.ping.loss'))).toBeGreaterThanOrEqual(0);
        expect(Number(value('sentinel.ping.rtt.avg'))).toBeGreaterThan(0);
        expect(value('sentinel.traceroute.reached')).toBe('1');
      }
      const triggers = await api.call<{ description: string }[]>('trigger.get', {
        hostids: hostIds[DEVICE],
        output: ['description'],
        filter: { flags: 4 },
      });
      log(`discovery created ${triggers.length} triggers`);
      expect(triggers.length).toBeGreaterThanOrEqual(TARGETS.length * 10);
    },
    DEADLINE_MS + 30_000,
  );

  it('shows an error envelope as an error state, not as numbers, for a router that refuses the login', async () => {
    const started = Date.now();
    let items: ZabbixItem[] = [];
    const key = (base: string) => `${base}["${LOCKED}","8.8.8.8"]`;
    while (Date.now() - started < 90_000) {
      items = await api.call<ZabbixItem[]>('item.get', {
        hostids: hostIds[LOCKED],
        output: ['key_', 'lastvalue', 'lastclock', 'state', 'error'],
        filter: {
          key_: [
            key('sentinel.ping.status'),
            key('sentinel.ping.error'),
            key('sentinel.ping.loss'),
          ],
        },
      });
      const loss = items.find((i) => i.key_ === key('sentinel.ping.loss'));
      if (
        items.length === 3 &&
        loss?.state === '1' &&
        items.every((i) => i.key_ === key('sentinel.ping.loss') || i.lastvalue !== '')
      )
        break;
      await sleep(3000);
    }
    const byKey = new Map(items.map((i) => [i.key_, i]));
    for (const item of items)
      log(`${item.key_}: ${item.state === '1' ? `not supported: ${item.error}` : item.lastvalue}`);
    expect(byKey.get(key('sentinel.ping.status'))?.lastvalue).toBe('error');
    expect(byKey.get(key('sentinel.ping.error'))?.lastvalue).toBe('MIKROTIK_AUTH_FAILED');
    expect(byKey.get(key('sentinel.ping.loss'))?.state).toBe('1');
    // Never a number: Zabbix stored no value at all for it.
    expect(byKey.get(key('sentinel.ping.loss'))?.lastclock).toBe('0');
  }, 120_000);
});
