import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../bootstrap';
import { ConfigError } from '../config/env.reader';
import {
  DEMO_PASSWORD,
  DEMO_TRACE_TARGET,
  DEMO_USERNAME,
  demoRouterOptions,
} from '../simulator/scenarios';
import { SimulatedRouter } from '../simulator/simulated-router';

/**
 * `npm run demo`: a simulated RouterOS router on loopback, the service beside it with that router
 * in its inventory (host key pinned), and curl commands that work as printed.
 */
async function demo(): Promise<void> {
  const { name, ...routerOptions } = demoRouterOptions();
  const router = new SimulatedRouter(routerOptions);
  const { host, port } = await router.start();
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-demo-'));
  const devicesFile = join(dir, 'devices.yaml');
  writeFileSync(
    devicesFile,
    [
      'devices:',
      `  - name: ${name}`,
      `    host: ${host}`,
      `    port: ${port}`,
      `    username: ${DEMO_USERNAME}`,
      '    password_env: DEMO_ROUTER_PASSWORD',
      `    host_key_sha256: "${router.hostKeySha256}"`,
      `    targets: [${Object.keys(routerOptions.targets ?? {}).join(', ')}]`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const key = randomBytes(24).toString('base64url');
  const running = await bootstrap({
    env: {
      COLLECTOR_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...process.env,
      DEVICES_FILE: devicesFile,
      DEMO_ROUTER_PASSWORD: DEMO_PASSWORD,
      API_KEYS: `demo:admin:${key}`,
    },
  });
  const { url } = running;
  const curl = (path: string, body: object) =>
    `curl -s -X POST ${url}${path} -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`;
  console.log(
    [
      '',
      '================ TriplePlay Sentinel demo ================',
      `Simulated RouterOS ${routerOptions.version} router "${name}" on ${host}:${port} (host key ${router.hostKeySha256})`,
      `Service on ${url}  |  Swagger UI: ${url}/api/docs  |  Dashboard: ${url}/dashboard`,
      `Demo admin key (this run only): ${key}`,
      '',
      'Ping through the router:',
      `  ${curl('/api/test', { mikrotik_host: name, test_type: 'ping', target: DEMO_TRACE_TARGET })}`,
      'Traceroute through the router:',
      `  ${curl('/api/test', { mikrotik_host: name, test_type: 'traceroute', target: DEMO_TRACE_TARGET, count: 1 })}`,
      'Log in and describe the router:',
      `  ${curl('/api/connection-test', { mikrotik_host: name })}`,
      '',
      `Other targets the simulated router answers for: ${Object.keys(routerOptions.targets ?? {}).join(', ')}`,
      'Press Ctrl-C to stop.',
      '==========================================================',
      '',
    ].join('\n'),
  );
  const stop = () => {
    void running
      .shutdown()
      .then(() => router.stop())
      .finally(() => {
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

demo().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? `Invalid configuration: ${error.message}`
      : `Demo failed: ${String(error)}`,
  );
  process.exit(1);
});
