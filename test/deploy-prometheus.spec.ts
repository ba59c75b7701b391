import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfiguration } from '../src/config/configuration';

// config/prometheus: the scrape configuration and the alert rules, each expression checked with a
// small PromQL parser (promtool is not available here) against the metrics the service exports.

const ROOT = join(__dirname, '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const DEFAULTS = loadConfiguration({});

/** What the service exports (src/metrics), as alert rules may name it. */
const EXPORTED_METRICS = [
  'api_requests_total',
  'api_request_duration_seconds',
  'api_authentication_failures_total',
  'rate_limit_exceeded_total',
  'cache_hits_total',
  'cache_misses_total',
  'coalesced_requests_total',
  'device_commands_total',
  'device_command_duration_seconds',
  'ssh_connections_active',
  'ssh_connection_attempts_total',
  'ssh_queue_depth',
  'stale_responses_total',
];
const HISTOGRAMS = ['api_request_duration_seconds', 'device_command_duration_seconds'];

// ---- a PromQL subset parser: enough to reject unbalanced or dangling expressions -------------

const FUNCTIONS = new Set([
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'histogram_quantile',
  'abs',
  'absent',
  'absent_over_time',
  'avg_over_time',
  'max_over_time',
  'min_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'changes',
  'resets',
  'clamp_min',
  'clamp_max',
  'round',
  'time',
  'timestamp',
  'vector',
  'scalar',
  'label_replace',
  'predict_linear',
]);
const AGGREGATIONS = new Set([
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'group',
]);
const BINARY = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '==',
  '!=',
  '>',
  '<',
  '>=',
  '<=',
  'and',
  'or',
  'unless',
]);
const COMPARISON = new Set(['==', '!=', '>', '<', '>=', '<=']);

interface Token {
  kind: 'ident' | 'number' | 'string' | 'duration' | 'op' | 'punct';
  text: string;
  at: number;
}

function lex(source: string): Token[] {
  const tokens: Token[] = [];
  const patterns: Array<[Token['kind'], RegExp]> = [
    ['duration', /^\d+(ms|s|m|h|d|w|y)(?![A-Za-z_])/],
    ['number', /^(\d+(\.\d+)?(e[+-]?\d+)?|\.\d+)/i],
    ['string', /^("([^"\\]|\\.)*"|'([^'\\]|\\.)*')/],
    ['ident', /^[A-Za-z_:][A-Za-z0-9_:]*/],
    ['op', /^(==|!=|>=|<=|=~|!~|[-+*/%^<>=])/],
    ['punct', /^[(){}[\],]/],
  ];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const hit = patterns
      .map(([kind, re]) => [kind, re.exec(rest)] as const)
      .find(([, m]) => m !== null);
    if (hit === undefined || hit[1] === null) throw new Error(`unexpected "${rest[0]}" at ${i}`);
    tokens.push({ kind: hit[0], text: hit[1][0], at: i });
    i += hit[1][0].length;
  }
  return tokens;
}

/** Parses a PromQL expression; returns the metric names it selects, throws on a syntax error. */
function parsePromQl(source: string): string[] {
  const tokens = lex(source);
  const metrics: string[] = [];
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (what: string): never => {
    throw new Error(`${what} at ${peek()?.at ?? source.length} in: ${source}`);
  };
  const take = (text?: string): Token => {
    const token = peek() ?? fail(`expected ${text ?? 'more'}`);
    if (text !== undefined && token.text !== text) fail(`expected "${text}", got "${token.text}"`);
    pos += 1;
    return token;
  };
  const labelList = (): void => {
    take('(');
    while (peek()?.text !== ')') {
      if (take().kind !== 'ident') fail('expected a label name');
      if (peek()?.text === ',') take(',');
    }
    take(')');
  };
  const matchers = (): void => {
    take('{');
    while (peek()?.text !== '}') {
      if (take().kind !== 'ident') fail('expected a label name');
      if (!['=', '!=', '=~', '!~'].includes(take().text)) fail('expected a label matcher');
      if (take().kind !== 'string') fail('expected a quoted label value');
      if (peek()?.text === ',') take(',');
    }
    take('}');
  };
  const args = (): void => {
    take('(');
    if (peek()?.text !== ')') {
      expression();
      while (peek()?.text === ',') {
        take(',');
        expression();
      }
    }
    take(')');
  };
  const primary = (): void => {
    const token = peek() ?? fail('expected an operand');
    if (token.text === '-' || token.text === '+') {
      take();
      return primary();
    }
    if (token.kind === 'number' || token.kind === 'string') {
      take();
    } else if (token.text === '(') {
      take('(');
      expression();
      take(')');
    } else if (token.kind === 'ident' && AGGREGATIONS.has(token.text)) {
      take();
      if (peek()?.text === 'by' || peek()?.text === 'without') {
        take();
        labelList();
      }
      args();
      if (peek()?.text === 'by' || peek()?.text === 'without') {
        take();
        labelList();
      }
    } else if (token.kind === 'ident' && tokens[pos + 1]?.text === '(') {
      if (!FUNCTIONS.has(token.text)) fail(`unknown function ${token.text}`);
      take();
      args();
    } else if (token.kind === 'ident' && !BINARY.has(token.text)) {
      metrics.push(take().text);
      if (peek()?.text === '{') matchers();
    } else {
      fail(`unexpected "${token.text}"`);
    }
    // Range selector, subquery and offset.
    if (peek()?.text === '[') {
      take('[');
      if (take().kind !== 'duration') fail('expected a duration');
      if (peek()?.text === ':') take(':');
      take(']');
    }
    if (peek()?.text === 'offset') {
      take();
      if (take().kind !== 'duration') fail('expected a duration');
    }
  };
  const expression = (): void => {
    primary();
    while (peek() !== undefined && BINARY.has(peek()?.text ?? '')) {
      const op = take().text;
      if (COMPARISON.has(op) && peek()?.text === 'bool') take();
      if (peek()?.text === 'on' || peek()?.text === 'ignoring') {
        take();
        labelList();
        if (peek()?.text === 'group_left' || peek()?.text === 'group_right') {
          take();
          if (peek()?.text === '(') labelList();
        }
      }
      primary();
    }
  };
  expression();
  if (pos !== tokens.length) fail(`unexpected "${peek()?.text}"`);
  return metrics;
}

describe('the PromQL check', () => {
  it('accepts the shapes the rules use', () => {
    expect(
      parsePromQl(
        'sum by (le, instance) (rate(x_bucket{a!="b"}[5m])) / on (instance) group_left y > bool 1',
      ),
    ).toEqual(['x_bucket', 'y']);
  });

  it.each([
    ['an unbalanced parenthesis', 'rate(api_requests_total[5m] > 1'],
    ['a dangling operator', 'rate(api_requests_total[5m]) >'],
    ['a range without a duration', 'rate(api_requests_total[]) > 1'],
    ['an unknown function', 'rates(api_requests_total[5m]) > 1'],
    ['an unquoted label value', 'up{job=tripleplay} == 0'],
    ['two operands without an operator', 'up up'],
  ])('rejects %s', (_, expression) => {
    expect(() => parsePromQl(expression)).toThrow();
  });
});

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

describe('config/prometheus', () => {
  const alerts = load(read('config/prometheus/alerts.yml')) as {
    groups: Array<{ name: string; rules: Rule[] }>;
  };
  const rules = alerts.groups.flatMap((group) => group.rules);
  const byName = new Map(rules.map((rule) => [rule.alert, rule]));
  const exprOf = (name: string): string => (byName.get(name)?.expr ?? '').trim();

  it('names only metrics the service exports, as the metrics module defines them', () => {
    const source = readdirSync(join(ROOT, 'src/metrics'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => read(`src/metrics/${file}`))
      .join('\n');
    for (const name of EXPORTED_METRICS) expect(source).toContain(`'${name}'`);
  });

  it("has the guidelines' two security alerts with their exact expressions", () => {
    expect(exprOf('HighFailedAuthentications')).toBe(
      'increase(api_authentication_failures_total[5m]) > 50',
    );
    expect(exprOf('UnusualAPIActivity')).toBe('rate(api_requests_total[5m]) > 100');
  });

  it('writes every rule as valid PromQL over exported metrics (or up)', () => {
    const allowed = new Set([
      ...EXPORTED_METRICS,
      ...HISTOGRAMS.flatMap((name) => ['_bucket', '_sum', '_count'].map((suffix) => name + suffix)),
      'up',
    ]);
    for (const rule of rules) {
      const metrics = parsePromQl(rule.expr);
      expect(metrics.length).toBeGreaterThan(0);
      expect(metrics.filter((name) => !allowed.has(name))).toEqual([]);
    }
  });

  it('alerts on devices, the SSH queue, the cache hit ratio and the collector being down', () => {
    const used = new Set(rules.flatMap((rule) => parsePromQl(rule.expr)));
    for (const metric of [
      'device_commands_total',
      'ssh_queue_depth',
      'cache_hits_total',
      'cache_misses_total',
      'up',
    ]) {
      expect(used).toContain(metric);
    }
    expect(exprOf('DeviceCommandFailures')).toContain('outcome!="success"');
  });

  it('gives every rule a unique name, a severity and a summary with balanced templates', () => {
    expect(byName.size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule).toMatchObject({
        labels: { severity: expect.stringMatching(/^(critical|warning|info)$/) },
      });
      const summary = rule.annotations?.summary ?? '';
      expect(summary.split('{{').length).toBe(summary.split('}}').length);
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
    }
  });

  it('scrapes /metrics with a bearer key from a file, on the collector port, and loads the rules', () => {
    const config = load(read('config/prometheus/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: Array<Record<string, unknown>>;
    };
    for (const file of config.rule_files)
      expect(existsSync(join(ROOT, 'config/prometheus', file))).toBe(true);
    expect(read('src/metrics/metrics.controller.ts')).toMatch(/@Controller\('metrics'\)/);
    for (const job of config.scrape_configs) {
      expect(job.metrics_path).toBe('/metrics');
      expect(job.authorization).toEqual({
        type: 'Bearer',
        credentials_file: expect.stringMatching(/^\//),
      });
    }
    const targets = config.scrape_configs.flatMap((job) =>
      ((job.static_configs ?? []) as Array<{ targets: string[] }>).flatMap(
        (entry) => entry.targets,
      ),
    );
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(target.endsWith(`:${DEFAULTS.server.port}`)).toBe(true);
  });
});
