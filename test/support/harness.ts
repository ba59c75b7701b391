import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, type RunningApp } from '../../src/bootstrap';
import { SimulatedRouter } from '../../src/simulator/simulated-router';
import type { SimulatedRouterOptions } from '../../src/simulator/simulator.types';

export const KEYS = {
  admin: 'test-admin-key-0123456789abcdef0123456789',
  operator: 'test-operator-key-0123456789abcdef01234567',
  monitor: 'test-monitor-key-0123456789abcdef012345678',
} as const;

export const ROUTER_USER = 'sentinel';
export const ROUTER_PASSWORD = 'router-secret-pw-42';

export interface HarnessOptions {
  /** Extra settings, over the harness's own. */
  env?: Record<string, string>;
  /** Simulated routers by inventory name; each gets a pinned host key unless `pin_host_key` is false. */
  routers?: Record<
    string,
    SimulatedRouterOptions & { targets_for_discovery?: string[]; pin_host_key?: boolean }
  >;
}

export interface Harness {
  url: string;
  running: RunningApp;
  routers: Record<string, SimulatedRouter>;
  dir: string;
  auditLog: string;
  /** Headers with a key of the role. */
  as(role: keyof typeof KEYS): Record<string, string>;
  close(): Promise<void>;
}

/**
 * Boots the real app through bootstrap() on an ephemeral loopback port, with simulated routers
 * (real SSH servers) in its inventory, keys of every role and files in a temp dir.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-test-'));
  const { routers, devicesFile } = await startRouters(options.routers ?? {}, dir);
  const auditLog = join(dir, 'logs', 'audit.log');
  const env: Record<string, string> = {
    COLLECTOR_HOST: '127.0.0.1',
    COLLECTOR_PORT: '0',
    LOG_LEVEL: 'error',
    API_KEYS: `admin:admin:${KEYS.admin},operator:operator:${KEYS.operator},monitor:monitor:${KEYS.monitor}`,
    DEVICES_FILE: devicesFile,
    SIM_ROUTER_PASSWORD: ROUTER_PASSWORD,
    AUDIT_LOG_FILE: auditLog,
    KNOWN_HOSTS_FILE: join(dir, 'known_hosts'),
    SSH_TIMEOUT: '3',
    ...options.env,
  };
  let running: RunningApp;
  try {
    running = await bootstrap({ env, quiet: true });
  } catch (error) {
    await Promise.all(Object.values(routers).map((router) => router.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: running.url,
    running,
    routers,
    dir,
    auditLog,
    as: (role) => ({ Authorization: `Bearer ${KEYS[role]}` }),
    close: async () => {
      await running.app.close();
      await Promise.all(Object.values(routers).map((router) => router.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts simulated routers (real SSH servers on loopback) and writes an inventory naming them,
 * each with its pinned host key and the password in SIM_ROUTER_PASSWORD, to `dir`/devices.yaml.
 * For apps started another way than startHarness (a child process).
 */
export async function startRouters(
  specs: NonNullable<HarnessOptions['routers']>,
  dir: string,
): Promise<{ routers: Record<string, SimulatedRouter>; devicesFile: string }> {
  const routers: Record<string, SimulatedRouter> = {};
  const inventory: string[] = ['devices:'];
  for (const [name, routerOptions] of Object.entries(specs)) {
    const router = new SimulatedRouter({
      users: [{ username: ROUTER_USER, password: ROUTER_PASSWORD }],
      ...routerOptions,
    });
    const { host, port } = await router.start();
    routers[name] = router;
    inventory.push(
      `  - name: ${name}`,
      `    host: ${host}`,
      `    port: ${port}`,
      `    username: ${ROUTER_USER}`,
      `    password_env: SIM_ROUTER_PASSWORD`,
      ...(routerOptions.pin_host_key === false
        ? []
        : [`    host_key_sha256: "${router.hostKeySha256}"`]),
      `    targets: [${(routerOptions.targets_for_discovery ?? Object.keys(routerOptions.targets ?? {})).join(', ')}]`,
    );
  }
  const devicesFile = join(dir, 'devices.yaml');
  writeFileSync(devicesFile, inventory.length > 1 ? inventory.join('\n') + '\n' : 'devices: []\n', {
    mode: 0o600,
  });
  return { routers, devicesFile };
}
