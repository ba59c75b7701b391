import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Harness, KEYS, startHarness } from '../support/harness';

// GET /api/zabbix/discovery through the real app: role, validation, and the key's scopes.

const SCOPED_KEY = 'zabbix-scoped-key-0123456789abcdef0123456789';

describe('GET /api/zabbix/discovery', () => {
  let harness: Harness;
  let keysDir: string;

  beforeAll(async () => {
    keysDir = mkdtempSync(join(tmpdir(), 'zabbix-keys-'));
    const keysFile = join(keysDir, 'keys.yaml');
    const digest = createHash('sha256').update(SCOPED_KEY).digest('hex');
    writeFileSync(
      keysFile,
      `- id: zabbix-edge\n  role: monitor\n  sha256: ${digest}\n  devices: ["edge-*"]\n  targets: ["10.0.0.0/8"]\n`,
      { mode: 0o600 },
    );
    harness = await startHarness({
      env: { API_KEYS_FILE: keysFile },
      routers: {
        'core-1': { targets_for_discovery: ['8.8.8.8', '1.1.1.1'] },
        'edge-1': { targets_for_discovery: ['10.1.1.1', '192.0.2.7'] },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    rmSync(keysDir, { recursive: true, force: true });
  });

  const get = (query: string, headers: Record<string, string>) =>
    fetch(`${harness.url}/api/zabbix/discovery${query}`, { headers });

  it('answers a monitor key with one LLD row per inventory target', async () => {
    const response = await get('', harness.as('monitor'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { '{#DEVICE}': 'core-1', '{#TARGET}': '8.8.8.8' },
      { '{#DEVICE}': 'core-1', '{#TARGET}': '1.1.1.1' },
      { '{#DEVICE}': 'edge-1', '{#TARGET}': '10.1.1.1' },
      { '{#DEVICE}': 'edge-1', '{#TARGET}': '192.0.2.7' },
    ]);
  });

  it('answers the rows of one device for ?device=, and all of them for an empty one', async () => {
    const one = await get('?device=edge-1', harness.as('monitor'));
    expect((await one.json()) as unknown[]).toHaveLength(2);
    const all = await get('?device=', harness.as('monitor'));
    expect((await all.json()) as unknown[]).toHaveLength(4);
  });

  it('answers only the devices and targets inside the key’s scopes', async () => {
    const response = await get('', { Authorization: `Bearer ${SCOPED_KEY}` });
    expect(await response.json()).toEqual([{ '{#DEVICE}': 'edge-1', '{#TARGET}': '10.1.1.1' }]);
  });

  it('refuses a call without a key with the UNAUTHORIZED envelope', async () => {
    const response = await get('', {});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      status: 'error',
      error: { code: 'UNAUTHORIZED' },
    });
  });

  it('refuses a device that is not a device name, and unknown parameters, as INVALID_REQUEST', async () => {
    for (const query of ['?device=core-1;reboot', '?target=8.8.8.8']) {
      const response = await get(query, { Authorization: `Bearer ${KEYS.monitor}` });
      expect(`${query} ${response.status}`).toBe(`${query} 400`);
      expect(await response.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    }
  });
});
