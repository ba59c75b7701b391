import { evaluateJsonPath, type JsonValue, JsonPathError, parseJsonPath } from './jsonpath';
import { conversionProblem, preprocess } from './preprocessing';

// The checker's JSONPath and preprocessing must behave as Zabbix 6.0 does, or the template test
// proves nothing. The cases marked "6.0.14" were observed on Debian's Zabbix 6.0.14 server.

const answer: JsonValue = {
  status: 'success',
  cache_hit: false,
  results: {
    ping_stats: {
      packet_loss_percent: 25,
      rtt_avg_ms: 9.2,
      jitter_ms: null,
      rtts_ms: [8.1, null, 10.5, 9],
    },
    hops: [
      { hop: 1, address: '10.0.0.1', status: 'responded' },
      { hop: 2, address: null, status: 'timeout' },
      { hop: 3, address: '8.8.8.8', status: 'responded' },
    ],
    'odd name': 'x',
  },
};

describe('the Zabbix JSONPath evaluator', () => {
  it('returns strings bare and numbers as their JSON text', () => {
    expect(evaluateJsonPath(answer, '$.status')).toBe('success');
    expect(evaluateJsonPath(answer, '$.results.ping_stats.rtt_avg_ms')).toBe('9.2');
    expect(evaluateJsonPath(answer, "$['results']['odd name']")).toBe('x');
  });

  it('returns null as the text "null", as Zabbix 6.0.14 does, not as a failure', () => {
    expect(evaluateJsonPath(answer, '$.results.ping_stats.jitter_ms')).toBe('null');
  });

  it('returns booleans as "true" and "false"', () => {
    expect(evaluateJsonPath(answer, '$.cache_hit')).toBe('false');
  });

  it('returns a JSON array for a wildcard, nulls kept, as Zabbix 6.0.14 does', () => {
    expect(evaluateJsonPath(answer, '$.results.hops[*].address')).toBe(
      '["10.0.0.1",null,"8.8.8.8"]',
    );
  });

  it('indexes arrays from either end and slices them', () => {
    expect(evaluateJsonPath(answer, '$.results.hops[0].hop')).toBe('1');
    expect(evaluateJsonPath(answer, '$.results.hops[-1].address')).toBe('8.8.8.8');
    expect(evaluateJsonPath(answer, '$.results.hops[0:2].hop')).toBe('[1,2]');
  });

  it('filters with comparisons and finds members at any depth', () => {
    expect(evaluateJsonPath(answer, "$.results.hops[?(@.status == 'timeout')].hop")).toBe('[2]');
    expect(
      evaluateJsonPath(answer, '$.results.hops[?(@.hop > 1 && @.address != null)].address'),
    ).toBe('["8.8.8.8"]');
    expect(evaluateJsonPath(answer, '$..packet_loss_percent')).toBe('[25]');
  });

  it('applies the trailing functions to arrays and to indefinite results', () => {
    expect(evaluateJsonPath(answer, '$.results.hops.length()')).toBe('3');
    expect(evaluateJsonPath(answer, '$.results.hops[*].hop.max()')).toBe('3');
    expect(
      evaluateJsonPath(answer, "$.results.hops[?(@.status == 'responded')].address.first()"),
    ).toBe('10.0.0.1');
  });

  it('fails when nothing matches, so that the step fails', () => {
    expect(() => evaluateJsonPath(answer, '$.results.ping_stats.rtt_average_ms')).toThrow(
      JsonPathError,
    );
    expect(() => evaluateJsonPath(answer, '$.error.code')).toThrow(
      'no data matches the specified path',
    );
  });

  it('refuses paths outside the dialect instead of guessing', () => {
    expect(() => parseJsonPath('results.status')).toThrow(JsonPathError);
    expect(() => parseJsonPath('$.results[')).toThrow(JsonPathError);
    expect(() => parseJsonPath('$.results.keys()')).toThrow(JsonPathError);
  });
});

describe('the Zabbix preprocessing model', () => {
  const body = JSON.stringify(answer);
  const envelope = JSON.stringify({
    status: 'error',
    error: { code: 'TIMEOUT_ERROR', message: 'core-1 did not answer' },
  });

  it('refuses "null" and a fraction in numeric items, as Zabbix 6.0.14 does', () => {
    expect(conversionProblem('null', 'FLOAT')).toContain('is not suitable for value type "FLOAT"');
    expect(conversionProblem('2.5', 'UNSIGNED')).toBeDefined();
    expect(conversionProblem('2.5', 'FLOAT')).toBeUndefined();
    expect(conversionProblem('1e3', 'FLOAT')).toBeUndefined();
  });

  it('turns a JSON boolean into 1 or 0 with "Boolean to decimal"', () => {
    const steps = [
      { type: 'JSONPATH', parameters: ['$.cache_hit'] },
      { type: 'BOOL_TO_DECIMAL', parameters: [''] },
    ];
    expect(preprocess(steps, body, 'UNSIGNED')).toEqual({ kind: 'value', value: '0' });
  });

  it('makes an item unsupported with the envelope message through "Check for error in JSON"', () => {
    const steps = [
      { type: 'CHECK_JSON_ERROR', parameters: ['$.error.message'] },
      { type: 'JSONPATH', parameters: ['$.results.ping_stats.rtt_avg_ms'] },
    ];
    expect(preprocess(steps, envelope, 'FLOAT')).toEqual({
      kind: 'error',
      message: 'core-1 did not answer',
      deliberate: true,
    });
    expect(preprocess(steps, body, 'FLOAT')).toEqual({ kind: 'value', value: '9.2' });
  });

  it('applies "set value to", "set error to" and "discard value" error handlers', () => {
    const code = {
      type: 'JSONPATH',
      parameters: ['$.error.code'],
      error_handler: 'CUSTOM_VALUE' as const,
      error_handler_params: 'none',
    };
    expect(preprocess([code], body, 'CHAR')).toEqual({ kind: 'value', value: 'none' });
    const notNull = (handler: 'CUSTOM_ERROR' | 'DISCARD_VALUE') => [
      { type: 'JSONPATH', parameters: ['$.results.ping_stats.jitter_ms'] },
      {
        type: 'NOT_MATCHES_REGEX',
        parameters: ['^null$'],
        error_handler: handler,
        error_handler_params: 'Not measured',
      },
    ];
    expect(preprocess(notNull('CUSTOM_ERROR'), body, 'FLOAT')).toEqual({
      kind: 'error',
      message: 'Not measured',
      deliberate: true,
    });
    expect(preprocess(notNull('DISCARD_VALUE'), body, 'FLOAT')).toEqual({ kind: 'discarded' });
  });

  it('reports a missing path as a failure that is not deliberate', () => {
    const steps = [{ type: 'JSONPATH', parameters: ['$.results.nothing'] }];
    expect(preprocess(steps, body, 'TEXT')).toMatchObject({ kind: 'error', deliberate: false });
  });

  it('refuses a step type it does not model', () => {
    expect(() =>
      preprocess([{ type: 'JAVASCRIPT', parameters: ['return 1'] }], body, 'TEXT'),
    ).toThrow('teach');
  });
});
