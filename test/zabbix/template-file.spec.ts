import { parseJsonPath } from './jsonpath';
import {
  dependentsOf,
  everyString,
  firstJsonPath,
  templateInventory,
  itemReferences,
  loadTemplateExport,
  macroDefaults,
  seconds,
  type Trigger,
  userMacros,
  valueTypeOf,
} from './template.model';

// The Zabbix template (config/zabbix/) as a file: what Zabbix 6.0 and 7.x need to import it, and
// references that must hold inside it. test/zabbix-template.e2e-spec.ts checks it against the app.

const exported = loadTemplateExport();
const inventory = templateInventory(exported);
const { template, httpItems, httpPrototypes } = inventory;

const UUID_V4 = /^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/;
const ISSUE_MACROS: Record<string, string | undefined> = {
  '{$SENTINEL.URL}': undefined,
  '{$SENTINEL.API_KEY}': undefined,
  '{$MIKROTIK.DEVICE}': undefined,
  '{$PING.LOSS.WARN}': '10',
  '{$PING.LOSS.HIGH}': '25',
  '{$PING.RTT.WARN}': '100',
  '{$PING.RTT.HIGH}': '200',
  '{$PING.JITTER.WARN}': undefined,
  '{$NETWORK.QUALITY.MIN}': '70',
};

function triggerExists(
  triggers: Trigger[],
  dependency: { name: string; expression: string },
): boolean {
  return triggers.some((t) => t.name === dependency.name && t.expression === dependency.expression);
}

describe('The Zabbix template file', () => {
  it('is a version 6.0 export with its template groups in top-level groups, as 6.0 and 7.x import', () => {
    const root = exported.zabbix_export;
    expect(root.version).toBe('6.0');
    expect(Object.keys(root)).not.toContain('template_groups');
    const groupNames = (root.groups ?? []).map((group) => group.name);
    expect(
      template.groups.map((group) => group.name).every((name) => groupNames.includes(name)),
    ).toBe(true);
  });

  it('gives everything that has a UUID a unique UUIDv4 of 32 lowercase hex characters', () => {
    const uuids: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'uuid') uuids.push(String(value));
          else collect(value);
        }
      }
    };
    collect(exported);
    expect(uuids.length).toBeGreaterThan(40);
    expect(uuids.filter((uuid) => !UUID_V4.test(uuid))).toEqual([]);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('defines every user macro it uses, and the macros of issue 5 with their defaults', () => {
    const defined = new Set((template.macros ?? []).map((macro) => macro.macro));
    const used = new Set<string>();
    everyString(template, (text) => userMacros(text).forEach((macro) => used.add(macro)));
    expect([...used].filter((macro) => !defined.has(macro))).toEqual([]);
    const defaults = macroDefaults(template);
    for (const [macro, value] of Object.entries(ISSUE_MACROS)) {
      expect(defined.has(macro)).toBe(true);
      if (value !== undefined) expect(`${macro}=${defaults[macro]}`).toBe(`${macro}=${value}`);
    }
  });

  it('keeps the API key in a secret macro and sends it only as an Authorization Bearer header', () => {
    expect(template.macros?.find((macro) => macro.macro === '{$SENTINEL.API_KEY}')?.type).toBe(
      'SECRET_TEXT',
    );
    for (const item of [...httpItems, ...inventory.rules, ...httpPrototypes]) {
      expect(item.headers?.find((header) => header.name === 'Authorization')?.value).toBe(
        'Bearer {$SENTINEL.API_KEY}',
      );
      expect(`${item.url ?? ''} ${item.posts ?? ''}`).not.toContain('{$SENTINEL.API_KEY}');
    }
  });

  it('references only items that exist, from triggers, dependent items and graphs', () => {
    const itemKeys = new Set(inventory.items.map((item) => item.key));
    const prototypeKeys = new Set(inventory.prototypes.map((item) => item.key));
    const missing: string[] = [];
    const check = (where: string, host: string, key: string, keys: Set<string>) => {
      if (host !== template.template || !keys.has(key)) missing.push(`${where}: /${host}/${key}`);
    };
    for (const trigger of inventory.triggers) {
      for (const text of [trigger.expression, trigger.recovery_expression ?? '']) {
        itemReferences(text).forEach((ref) => check(trigger.name, ref.host, ref.key, itemKeys));
      }
    }
    const either = new Set([...itemKeys, ...prototypeKeys]);
    for (const trigger of inventory.triggerPrototypes) {
      const refs = itemReferences(trigger.expression);
      expect(refs.some((ref) => prototypeKeys.has(ref.key))).toBe(true);
      refs.forEach((ref) => check(trigger.name, ref.host, ref.key, either));
    }
    for (const item of inventory.items) {
      if (item.master_item !== undefined)
        check(item.key, template.template, item.master_item.key, itemKeys);
    }
    for (const item of inventory.prototypes) {
      if (item.master_item !== undefined)
        check(item.key, template.template, item.master_item.key, either);
    }
    for (const graph of inventory.graphPrototypes) {
      graph.graph_items.forEach((g) => check(graph.name, g.item.host, g.item.key, prototypeKeys));
    }
    expect(missing).toEqual([]);
  });

  it('makes every trigger dependency point at a trigger that exists with that exact expression', () => {
    const all = [...inventory.triggers, ...inventory.triggerPrototypes];
    const broken = all.flatMap((trigger) =>
      (trigger.dependencies ?? [])
        .filter((dependency) => !triggerExists(all, dependency))
        .map((dependency) => `${trigger.name} -> ${dependency.name}`),
    );
    expect(broken).toEqual([]);
  });

  it('makes loss, latency, jitter and quality triggers wait for "Target is unreachable"', () => {
    const byName = new Map(inventory.triggerPrototypes.map((t) => [t.name, t]));
    const unreachable = inventory.triggerPrototypes.find((t) =>
      t.name.endsWith('Target is unreachable'),
    );
    expect(unreachable).toBeDefined();
    const reaches = (trigger: Trigger, goal: Trigger, seen = new Set<string>()): boolean =>
      (trigger.dependencies ?? []).some((d) => {
        if (d.name === goal.name) return true;
        const next = byName.get(d.name);
        if (next === undefined || seen.has(d.name)) return false;
        seen.add(d.name);
        return reaches(next, goal, seen);
      });
    const performance = inventory.triggerPrototypes.filter(
      (t) => /loss|latency|jitter|quality/i.test(t.name) && t !== unreachable,
    );
    expect(performance.length).toBeGreaterThanOrEqual(6);
    expect(
      performance.filter((t) => !reaches(t, unreachable as Trigger)).map((t) => t.name),
    ).toEqual([]);
  });

  it('gives every JSONPath a syntax Zabbix accepts and every master a timeout of 1-60 s and no history', () => {
    for (const item of [...inventory.items, ...inventory.prototypes]) {
      for (const step of item.preprocessing ?? []) {
        if (step.type === 'JSONPATH' || step.type === 'CHECK_JSON_ERROR')
          expect(() => parseJsonPath(step.parameters[0])).not.toThrow();
      }
    }
    for (const item of [...httpItems, ...httpPrototypes, ...inventory.rules]) {
      const timeout = seconds(item.timeout ?? '3s');
      expect(timeout >= 1 && timeout <= 60).toBe(true);
      if (
        item.type === 'HTTP_AGENT' &&
        dependentsOf(item, [...inventory.items, ...inventory.prototypes]).length > 0
      ) {
        expect(`${item.key} history ${item.history ?? ''}`).toBe(`${item.key} history 0`);
      }
    }
  });

  it('reads the fields the contract gives as fractional numbers (ms, percent, scores) into FLOAT items', () => {
    const fractional = /\.(\w+_ms|\w+_percent|quality_score|mos)$/;
    const wrong = [...inventory.items, ...inventory.prototypes]
      .filter((item) => fractional.test(firstJsonPath(item) ?? '') && valueTypeOf(item) !== 'FLOAT')
      .map((item) => `${item.key}: ${valueTypeOf(item)}`);
    expect(wrong).toEqual([]);
  });

  it('fits the ping item timeout over a 4-packet, 1 s ping with room for the SSH set-up', () => {
    const ping = httpPrototypes.find((item) => (item.posts ?? '').includes('"test_type":"ping"'));
    expect(ping).toBeDefined();
    expect(seconds(ping?.timeout ?? '3s')).toBeGreaterThanOrEqual(10);
  });
});
