// Zabbix 6.0 item preprocessing and value-type conversion, for the steps the template uses. A step
// type the checker does not know fails loudly: a template change then has to teach it here.
import { evaluateJsonPath, JsonPathError, type JsonValue } from './jsonpath';
import type { PreprocessingStep, ValueType } from './template.model';

/** What Zabbix would store: a value, the item's unsupported state with a message, or nothing. */
export type Outcome =
  | { kind: 'value'; value: string }
  /** `deliberate`: set by the template ("set error to" or "check for error in JSON"), not a breakage. */
  | { kind: 'error'; message: string; deliberate: boolean }
  | { kind: 'discarded' };

const TRUE_WORDS = [
  'true',
  't',
  'yes',
  'y',
  'on',
  'up',
  'running',
  'enabled',
  'available',
  'ok',
  'master',
];
const FALSE_WORDS = [
  'false',
  'f',
  'no',
  'n',
  'off',
  'down',
  'unused',
  'disabled',
  'unavailable',
  'err',
  'slave',
];

class StepFailure extends Error {
  constructor(
    message: string,
    /** The step's own verdict (check for error in JSON): the template meant it. */
    readonly deliberate = false,
  ) {
    super(message);
  }
}

function parseJson(value: string): JsonValue {
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    throw new StepFailure('cannot parse as a valid JSON object');
  }
}

function runStep(step: PreprocessingStep, value: string): string | undefined {
  const [first = ''] = step.parameters;
  switch (step.type) {
    case 'JSONPATH':
      try {
        return evaluateJsonPath(parseJson(value), first);
      } catch (error) {
        if (error instanceof JsonPathError)
          throw new StepFailure(
            `cannot extract value from json by path "${first}": ${error.message}`,
          );
        throw error;
      }
    case 'CHECK_JSON_ERROR': {
      let document: JsonValue;
      try {
        document = JSON.parse(value) as JsonValue;
      } catch {
        return value;
      }
      let found: string | undefined;
      try {
        found = evaluateJsonPath(document, first);
      } catch {
        return value;
      }
      throw new StepFailure(found, true);
    }
    case 'MATCHES_REGEX':
      if (!new RegExp(first).test(value))
        throw new StepFailure(`cannot match "${value}" with "${first}"`);
      return value;
    case 'NOT_MATCHES_REGEX':
      if (new RegExp(first).test(value))
        throw new StepFailure(`value "${value}" matches "${first}"`);
      return value;
    case 'BOOL_TO_DECIMAL': {
      const word = value.trim().toLowerCase();
      if (TRUE_WORDS.includes(word)) return '1';
      if (FALSE_WORDS.includes(word)) return '0';
      throw new StepFailure(`cannot convert "${value}" to a boolean`);
    }
    case 'DISCARD_UNCHANGED_HEARTBEAT':
    case 'DISCARD_UNCHANGED':
      // One value at a time: nothing to compare with, so it passes.
      return value;
    default:
      throw new Error(
        `the checker does not know the preprocessing step ${step.type}: teach test/zabbix/preprocessing.ts`,
      );
  }
}

/** Runs the steps as Zabbix does, error handlers included, then converts to the value type. */
export function preprocess(
  steps: readonly PreprocessingStep[],
  raw: string,
  valueType: ValueType,
): Outcome {
  let value = raw;
  for (const step of steps) {
    try {
      const next = runStep(step, value);
      if (next === undefined) return { kind: 'discarded' };
      value = next;
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      switch (step.error_handler ?? 'ORIGINAL_ERROR') {
        case 'ORIGINAL_ERROR':
          return { kind: 'error', message: error.message, deliberate: error.deliberate };
        case 'DISCARD_VALUE':
          return { kind: 'discarded' };
        case 'CUSTOM_VALUE':
          value = step.error_handler_params ?? '';
          break;
        case 'CUSTOM_ERROR':
          return { kind: 'error', message: step.error_handler_params ?? '', deliberate: true };
      }
    }
  }
  const problem = conversionProblem(value, valueType);
  return problem === undefined
    ? { kind: 'value', value }
    : { kind: 'error', message: problem, deliberate: false };
}

const FLOAT = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
const UNSIGNED = /^\s*\+?\d+\s*$/;

/** Why Zabbix would refuse to store the value in an item of this type, or undefined. */
export function conversionProblem(value: string, valueType: ValueType): string | undefined {
  const refuse = `Value "${value}" of type "string" is not suitable for value type "${valueType}"`;
  switch (valueType) {
    case 'FLOAT':
      return FLOAT.test(value) && Math.abs(Number(value)) < 1e308 ? undefined : refuse;
    case 'UNSIGNED':
      return UNSIGNED.test(value) && BigInt(value.trim()) <= 18446744073709551615n
        ? undefined
        : refuse;
    case 'CHAR':
      // history_str is varchar(255): a longer value would be cut, which a template must not rely on.
      return [...value].length <= 255 ? undefined : `${refuse}: longer than 255 characters`;
    case 'TEXT':
    case 'LOG':
      return undefined;
  }
}
