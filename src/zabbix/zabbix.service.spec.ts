import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditService } from '../audit/audit.service';
import { RecordingAuditSink } from '../auth/testing/recording-audit.sink';
import { DeviceConfig } from '../config/configuration';
import { InventoryService } from '../inventory/inventory.service';
import type { CallContext } from '../probe/probe.types';
import { ZabbixService } from './zabbix.service';

const INVENTORY = `
devices:
  - name: core-1
    host: 10.0.0.1
    username: monitor
    password_env: CORE_PASSWORD
    targets: [8.8.8.8, 1.1.1.1]
  - name: edge-2
    host: 10.0.0.2
    username: monitor
    password_env: CORE_PASSWORD
    targets: [10.20.0.1, dns.example.net]
  - name: lab-3
    host: 10.0.0.3
    username: monitor
    password_env: CORE_PASSWORD
`;

describe('ZabbixService', () => {
  let dir: string;
  let service: ZabbixService;
  const anyone: CallContext = { requestId: 'r-1' };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zabbix-discovery-'));
    const file = join(dir, 'devices.yaml');
    writeFileSync(file, INVENTORY);
    const config = new DeviceConfig(
      file,
      10_000,
      2,
      2,
      10,
      60_000,
      'accept-new',
      join(dir, 'known_hosts'),
      1 << 20,
      {
        CORE_PASSWORD: 'secret',
      },
    );
    service = new ZabbixService(
      new InventoryService(config, new AuditService(new RecordingAuditSink())),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every target of every device as {#DEVICE} and {#TARGET}, in inventory order', () => {
    expect(service.discovery(anyone)).toEqual([
      { '{#DEVICE}': 'core-1', '{#TARGET}': '8.8.8.8' },
      { '{#DEVICE}': 'core-1', '{#TARGET}': '1.1.1.1' },
      { '{#DEVICE}': 'edge-2', '{#TARGET}': '10.20.0.1' },
      { '{#DEVICE}': 'edge-2', '{#TARGET}': 'dns.example.net' },
    ]);
  });

  it('lists only the named device when a device is given', () => {
    expect(service.discovery(anyone, 'edge-2').map((row) => row['{#DEVICE}'])).toEqual([
      'edge-2',
      'edge-2',
    ]);
  });

  it('treats an empty device, as Zabbix sends for an empty macro, as all devices', () => {
    expect(service.discovery(anyone, '')).toHaveLength(4);
  });

  it('answers an empty list for a device that is not in the inventory', () => {
    expect(service.discovery(anyone, 'nope')).toEqual([]);
  });

  it('leaves out the devices outside the key’s device scopes', () => {
    const scoped: CallContext = { ...anyone, deviceScopes: ['edge-*'] };
    expect(service.discovery(scoped).map((row) => row['{#DEVICE}'])).toEqual(['edge-2', 'edge-2']);
  });

  it('leaves out the targets outside the key’s target scopes, by CIDR and by name', () => {
    const scoped: CallContext = { ...anyone, targetScopes: ['10.0.0.0/8', '*.example.net'] };
    expect(service.discovery(scoped).map((row) => row['{#TARGET}'])).toEqual([
      '10.20.0.1',
      'dns.example.net',
    ]);
  });
});
