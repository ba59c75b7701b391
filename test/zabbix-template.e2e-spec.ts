import { DEMO_TARGETS } from '../src/simulator/scenarios';
import { type Harness, KEYS, startHarness } from './support/harness';
import {
  type AgentAnswer,
  buildRequest,
  requestLikeZabbix,
  statusAccepted,
} from './zabbix/http-agent';
import { evaluateJsonPath, type JsonValue } from './zabbix/jsonpath';
import { type Outcome, preprocess } from './zabbix/preprocessing';
import {
  dependentsOf,
  type DiscoveryRule,
  everyString,
  firstJsonPath,
  type Item,
  templateInventory,
  lldMacros,
  loadTemplateExport,
  macroDefaults,
  valueTypeOf,
} from './zabbix/template.model';

// The Zabbix template (config/zabbix/) against the API it is written for: every request it makes,
// sent as Zabbix's HTTP agent sends it to the real app over simulated routers, and every dependent
// item's preprocessing run on the answers. A template and an API that drift apart fail here.
// The file's own consistency is test/zabbix/template-file.spec.ts.

const exported = loadTemplateExport();
const inventory = templateInventory(exported);
const { template, httpItems, httpPrototypes } = inventory;
const rule: DiscoveryRule = inventory.rules[0];

const GOOD_DEVICE = 'zbx-core';
const LOCKED_DEVICE = 'zbx-locked';
// Steady with a silent hop, jittery, and 1 of 4 probes lost.
const REACHABLE = ['8.8.8.8', '1.1.1.1', 'lossy.example'];
const UNREACHABLE = 'unreachable.example';

interface Exchange {
  master: Item;
  lld?: Record<string, string>;
  answer: AgentAnswer;
}

function describeExchange(exchange: Exchange): string {
  const where = exchange.lld === undefined ? '' : ` for ${JSON.stringify(exchange.lld)}`;
  return `${exchange.master.key}${where} (HTTP ${exchange.answer.status})`;
}

/** Every dependent item's outcome on one answer, with the raw JSONPath result beside it. */
function outcomes(
  exchange: Exchange,
  pool: Item[],
): { item: Item; raw: string | Error; outcome: Outcome }[] {
  return dependentsOf(exchange.master, pool).map((item) => {
    const path = firstJsonPath(item);
    let raw: string | Error;
    try {
      raw =
        path === undefined
          ? exchange.answer.body
          : evaluateJsonPath(JSON.parse(exchange.answer.body) as JsonValue, path);
    } catch (error) {
      raw = error instanceof Error ? error : new Error(String(error));
    }
    return {
      item,
      raw,
      outcome: preprocess(item.preprocessing ?? [], exchange.answer.body, valueTypeOf(item)),
    };
  });
}

describe('The Zabbix template against the running app', () => {
  let harness: Harness;
  let macros: Record<string, string>;
  let openapi: {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
  };
  let rows: Record<string, string>[];
  const exchanges: Exchange[] = [];
  let failedHealth: Exchange;

  beforeAll(async () => {
    harness = await startHarness({
      // Every request below goes out at once; Zabbix spreads them over the item interval instead.
      env: { RATE_LIMIT_ENABLED: 'false', SSH_MAX_SESSIONS_PER_DEVICE: '8' },
      routers: {
        [GOOD_DEVICE]: {
          format: 'v7',
          targets: DEMO_TARGETS,
          targets_for_discovery: [...REACHABLE, UNREACHABLE],
        },
        // Its password is not the one the inventory has: every test answers MIKROTIK_AUTH_FAILED.
        [LOCKED_DEVICE]: {
          format: 'v7',
          users: [{ username: 'sentinel', password: 'not-the-inventory-password' }],
          targets: DEMO_TARGETS,
          targets_for_discovery: ['8.8.8.8'],
        },
      },
    });
    macros = {
      ...macroDefaults(template),
      '{$SENTINEL.URL}': harness.url,
      '{$SENTINEL.API_KEY}': KEYS.operator,
    };
    openapi = (await (await fetch(`${harness.url}/api/docs-json`)).json()) as typeof openapi;
    const discovery = await requestLikeZabbix(rule, { user: macros });
    rows = JSON.parse(discovery.body) as Record<string, string>[];

    const plans: { master: Item; lld?: Record<string, string> }[] = [];
    for (const lld of rows) {
      for (const master of httpPrototypes) {
        // A traceroute towards a silent target runs max_hops x count x timeout: not in npm test.
        if (lld['{#TARGET}'] === UNREACHABLE && (master.posts ?? '').includes('traceroute'))
          continue;
        plans.push({ master, lld });
      }
    }
    const send = async (plan: { master: Item; lld?: Record<string, string> }) => ({
      ...plan,
      answer: await requestLikeZabbix(plan.master, { user: macros, lld: plan.lld }),
    });
    exchanges.push(...(await Promise.all(plans.map(send))));
    // The collector's own items last, once it has measured something (the cache hit rate is null before).
    exchanges.push(...(await Promise.all(httpItems.map((master) => send({ master })))));
    const health = httpItems.find((item) => item.url?.endsWith('/api/health'));
    if (health === undefined) throw new Error('the template has no /api/health item');
    failedHealth = {
      master: health,
      answer: await requestLikeZabbix(health, {
        user: { ...macros, '{$SENTINEL.API_KEY}': 'not-a-key' },
      }),
    };
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  const good = (exchange: Exchange) =>
    exchange.lld === undefined || exchange.lld['{#DEVICE}'] === GOOD_DEVICE;
  const target = (exchange: Exchange) => exchange.lld?.['{#TARGET}'];

  it('calls only paths and methods the OpenAPI document has, with query fields it declares', () => {
    for (const item of [...httpItems, ...inventory.rules, ...httpPrototypes]) {
      const { url, method } = buildRequest(item, {
        user: macros,
        lld: { '{#DEVICE}': 'd', '{#TARGET}': 't' },
      });
      const operation = openapi.paths[new URL(url).pathname]?.[method.toLowerCase()];
      expect(
        `${method} ${new URL(url).pathname} ${operation === undefined ? 'missing' : 'documented'}`,
      ).toBe(`${method} ${new URL(url).pathname} documented`);
      const declared = (operation?.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
      for (const field of item.query_fields ?? []) expect(declared).toContain(field.name);
    }
  });

  it('discovers one {#DEVICE}/{#TARGET} row per inventory target through the discovery rule', () => {
    expect(rows).toEqual([
      ...[...REACHABLE, UNREACHABLE].map((t) => ({ '{#DEVICE}': GOOD_DEVICE, '{#TARGET}': t })),
      { '{#DEVICE}': LOCKED_DEVICE, '{#TARGET}': '8.8.8.8' },
    ]);
  });

  it('discovers only the device named in {$MIKROTIK.DEVICE} when it is set', async () => {
    const answer = await requestLikeZabbix(rule, {
      user: { ...macros, '{$MIKROTIK.DEVICE}': LOCKED_DEVICE },
    });
    expect(JSON.parse(answer.body)).toEqual([
      { '{#DEVICE}': LOCKED_DEVICE, '{#TARGET}': '8.8.8.8' },
    ]);
  });

  it('uses in its prototypes only LLD macros that the discovery answer provides', () => {
    const provided = new Set(rows.flatMap((row) => Object.keys(row)));
    const used = new Set<string>();
    everyString(
      [inventory.prototypes, inventory.triggerPrototypes, inventory.graphPrototypes],
      (text) => lldMacros(text).forEach((macro) => used.add(macro)),
    );
    expect([...used].filter((macro) => !provided.has(macro))).toEqual([]);
  });

  it('gets 200 for every request of a working device, and a status the item accepts for the rest', () => {
    const notOk = exchanges
      .filter((e) => good(e) && e.answer.status !== 200)
      .map((e) => `${describeExchange(e)}: ${e.answer.body.slice(0, 300)}`);
    expect(notOk).toEqual([]);
    const refused = exchanges.filter(
      (e) => !statusAccepted(e.master.status_codes, e.answer.status),
    );
    expect(refused.map(describeExchange)).toEqual([]);
    expect(exchanges.filter((e) => !good(e)).every((e) => e.answer.status === 502)).toBe(true);
  });

  it('resolves every JSONPath on successful answers to a value of its item type', () => {
    const pool = [...inventory.items, ...inventory.prototypes];
    const problems: string[] = [];
    const valued = new Set<string>();
    for (const exchange of exchanges.filter((e) => good(e) && target(e) !== UNREACHABLE)) {
      for (const { item, raw, outcome } of outcomes(exchange, pool)) {
        const path = firstJsonPath(item) ?? '';
        const where = `${describeExchange(exchange)} ${item.key} ${path}`;
        if (outcome.kind === 'value') valued.add(item.key);
        if (path.startsWith('$.error')) {
          // Error-envelope fields: absent here, so the item's "set value to" must give a value.
          if (!(raw instanceof Error) || outcome.kind !== 'value')
            problems.push(`${where}: ${JSON.stringify(outcome)}`);
        } else if (raw instanceof Error) {
          problems.push(`${where}: ${raw.message}`);
        } else if (outcome.kind !== 'value') {
          // Only a null ("not measured") may end without a value, and only through the template's own handling.
          const nullHandled =
            raw === 'null' && (outcome.kind === 'discarded' || outcome.deliberate);
          if (!nullHandled) problems.push(`${where} = ${raw}: ${JSON.stringify(outcome)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Every dependent item got a value of its type from at least one real answer.
    const neverValued = pool.filter(
      (item) => item.master_item !== undefined && !valued.has(item.key),
    );
    expect(neverValued.map((item) => item.key)).toEqual([]);
  });

  it('shows "not measured" for RTTs and jitter at 100 % loss, and a loss of 100, never a made-up number', () => {
    const pool = inventory.prototypes;
    const ping = exchanges.find(
      (e) => target(e) === UNREACHABLE && (e.master.posts ?? '').includes('"ping"'),
    );
    expect(ping?.answer.status).toBe(200);
    const results = Object.fromEntries(
      outcomes(ping as Exchange, pool).map(({ item, outcome }) => [
        item.key.split('[')[0],
        outcome,
      ]),
    );
    expect(results['sentinel.ping.loss']).toEqual({ kind: 'value', value: '100' });
    expect(results['sentinel.ping.status']).toEqual({ kind: 'value', value: 'success' });
    for (const key of ['rtt.min', 'rtt.avg', 'rtt.max', 'rtt.median', 'rtt.stddev', 'jitter']) {
      expect(results[`sentinel.ping.${key}`]).toMatchObject({
        kind: 'error',
        deliberate: true,
        message: expect.stringMatching(/^Not measured/),
      });
    }
  });

  it('puts every number in an error state with the API message when the answer is an error envelope', () => {
    const pool = [...inventory.items, ...inventory.prototypes];
    const failing = [...exchanges.filter((e) => !good(e)), failedHealth];
    expect(failing.length).toBeGreaterThanOrEqual(3);
    for (const exchange of failing) {
      const envelope = JSON.parse(exchange.answer.body) as {
        status: string;
        error: { code: string; message: string };
      };
      expect(envelope.status).toBe('error');
      for (const { item, outcome } of outcomes(exchange, pool)) {
        const what = `${describeExchange(exchange)} ${item.key}`;
        const type = valueTypeOf(item);
        if (outcome.kind === 'value') {
          // Only the status and error-code items carry a value, and it names the error.
          expect(`${what} = ${outcome.value}`).toMatch(
            new RegExp(`= (error|${envelope.error.code})$`),
          );
          expect(['CHAR', 'TEXT']).toContain(type);
        } else {
          expect(`${what}: ${JSON.stringify(outcome)}`).toBe(
            `${what}: ${JSON.stringify({ kind: 'error', message: envelope.error.message, deliberate: true })}`,
          );
        }
      }
    }
  });
});
