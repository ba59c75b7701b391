// The JSONPath dialect of Zabbix preprocessing (6.0), for checking a template against real answers:
// `$`, `.name`, `['name']`, `[n]`, `[a,b]`, `[*]`, `[start:end]`, `..name`, `[?(filter)]` and the
// trailing functions length(), first(), min(), max(), avg(), sum(). Results are rendered as
// Zabbix renders them: strings bare, everything else as JSON text (so null becomes "null"), and an
// indefinite path gives a JSON array of its matches.

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A path Zabbix would refuse, or a document it finds nothing in: the step fails. */
export class JsonPathError extends Error {}

type Segment =
  | { kind: 'names'; names: string[] }
  | { kind: 'indices'; indices: number[] }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start?: number; end?: number }
  | { kind: 'filter'; expression: Expression }
  | { kind: 'deep'; inner: Segment };

type FunctionName = 'length' | 'first' | 'min' | 'max' | 'avg' | 'sum';

type Operand =
  | { kind: 'literal'; value: JsonValue }
  | { kind: 'relative'; segments: Segment[] }
  | { kind: 'absolute'; segments: Segment[] };

type Expression =
  | { kind: 'or' | 'and'; left: Expression; right: Expression }
  | { kind: 'not'; operand: Expression }
  | {
      kind: 'compare';
      op: '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~';
      left: Operand;
      right: Operand;
    }
  | { kind: 'exists'; operand: Operand };

interface ParsedPath {
  segments: Segment[];
  fn?: FunctionName;
}

const FUNCTIONS: readonly FunctionName[] = ['length', 'first', 'min', 'max', 'avg', 'sum'];
const NAME = /^[A-Za-z0-9_-]+/;

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parsePath(): ParsedPath {
    this.expect('$');
    const segments = this.segments();
    let fn: FunctionName | undefined;
    if (this.peek() === '.') {
      const match = /^\.([a-z]+)\(\)/.exec(this.rest());
      const name = match?.[1] as FunctionName | undefined;
      if (match === null || name === undefined || !FUNCTIONS.includes(name))
        this.fail('unexpected text');
      fn = name;
      this.pos += match[0].length;
    }
    if (this.pos !== this.text.length) this.fail('unexpected text');
    return { segments, fn };
  }

  /** Segments until something that is not one: end, a function call, or a filter's operator. */
  segments(): Segment[] {
    const segments: Segment[] = [];
    for (;;) {
      const c = this.peek();
      if (c === '[') {
        segments.push(this.bracket());
      } else if (this.text.startsWith('..', this.pos)) {
        this.pos += 2;
        segments.push({
          kind: 'deep',
          inner: this.peek() === '[' ? this.bracket() : this.dotted(),
        });
      } else if (c === '.' && !/^\.[a-z]+\(\)/.test(this.rest())) {
        this.pos += 1;
        segments.push(this.dotted());
      } else {
        return segments;
      }
    }
  }

  private dotted(): Segment {
    if (this.peek() === '*') {
      this.pos += 1;
      return { kind: 'wildcard' };
    }
    const match = NAME.exec(this.rest());
    if (match === null) this.fail('expected a member name');
    this.pos += match[0].length;
    return { kind: 'names', names: [match[0]] };
  }

  private bracket(): Segment {
    this.expect('[');
    this.spaces();
    let segment: Segment;
    if (this.peek() === '*') {
      this.pos += 1;
      segment = { kind: 'wildcard' };
    } else if (this.text.startsWith('?(', this.pos)) {
      this.pos += 2;
      const expression = this.orExpression();
      this.spaces();
      this.expect(')');
      segment = { kind: 'filter', expression };
    } else if (this.peek() === "'" || this.peek() === '"') {
      const names = [this.quoted()];
      while ((this.spaces(), this.peek() === ',')) {
        this.pos += 1;
        this.spaces();
        names.push(this.quoted());
      }
      segment = { kind: 'names', names };
    } else {
      segment = this.indexOrSlice();
    }
    this.spaces();
    this.expect(']');
    return segment;
  }

  private indexOrSlice(): Segment {
    const first = this.optionalInteger();
    this.spaces();
    if (this.peek() === ':') {
      this.pos += 1;
      this.spaces();
      return { kind: 'slice', start: first, end: this.optionalInteger() };
    }
    if (first === undefined) this.fail('expected an index');
    const indices = [first];
    while ((this.spaces(), this.peek() === ',')) {
      this.pos += 1;
      this.spaces();
      const next = this.optionalInteger();
      if (next === undefined) this.fail('expected an index');
      indices.push(next);
    }
    return { kind: 'indices', indices };
  }

  private optionalInteger(): number | undefined {
    const match = /^-?\d+/.exec(this.rest());
    if (match === null) return undefined;
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private quoted(): string {
    const quote = this.peek();
    if (quote !== "'" && quote !== '"') this.fail('expected a quoted name');
    let value = '';
    this.pos += 1;
    while (this.pos < this.text.length && this.peek() !== quote) {
      if (this.peek() === '\\') this.pos += 1;
      value += this.peek();
      this.pos += 1;
    }
    this.expect(quote);
    return value;
  }

  private orExpression(): Expression {
    let left = this.andExpression();
    while ((this.spaces(), this.text.startsWith('||', this.pos))) {
      this.pos += 2;
      left = { kind: 'or', left, right: this.andExpression() };
    }
    return left;
  }

  private andExpression(): Expression {
    let left = this.unary();
    while ((this.spaces(), this.text.startsWith('&&', this.pos))) {
      this.pos += 2;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expression {
    this.spaces();
    if (this.peek() === '!' && this.text[this.pos + 1] !== '=') {
      this.pos += 1;
      return { kind: 'not', operand: this.unary() };
    }
    if (this.peek() === '(') {
      this.pos += 1;
      const inner = this.orExpression();
      this.spaces();
      this.expect(')');
      return inner;
    }
    const left = this.operand();
    this.spaces();
    const op = /^(==|!=|<=|>=|=~|<|>)/.exec(this.rest())?.[1] as
      Extract<Expression, { kind: 'compare' }>['op'] | undefined;
    if (op === undefined) return { kind: 'exists', operand: left };
    this.pos += op.length;
    this.spaces();
    return { kind: 'compare', op, left, right: this.operand() };
  }

  private operand(): Operand {
    const c = this.peek();
    if (c === '@' || c === '$') {
      this.pos += 1;
      return { kind: c === '@' ? 'relative' : 'absolute', segments: this.segments() };
    }
    if (c === "'" || c === '"') return { kind: 'literal', value: this.quoted() };
    const match = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(this.rest());
    if (match === null) this.fail('expected a value');
    this.pos += match[0].length;
    return { kind: 'literal', value: JSON.parse(match[0]) as JsonValue };
  }

  private spaces(): void {
    while (this.peek() === ' ') this.pos += 1;
  }

  private peek(): string {
    return this.text.charAt(this.pos);
  }

  private rest(): string {
    return this.text.slice(this.pos);
  }

  private expect(c: string): void {
    if (this.peek() !== c) this.fail(`expected "${c}"`);
    this.pos += 1;
  }

  private fail(why: string): never {
    throw new JsonPathError(
      `unsupported construct in jsonpath starting with: "${this.rest()}" (${why})`,
    );
  }
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function children(value: JsonValue): JsonValue[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.values(value);
  return [];
}

function apply(segment: Segment, value: JsonValue, root: JsonValue): JsonValue[] {
  switch (segment.kind) {
    case 'names':
      return isObject(value) ? segment.names.filter((n) => n in value).map((n) => value[n]) : [];
    case 'indices':
      if (!Array.isArray(value)) return [];
      return segment.indices
        .map((i) => (i < 0 ? value.length + i : i))
        .filter((i) => i >= 0 && i < value.length)
        .map((i) => value[i]);
    case 'wildcard':
      return children(value);
    case 'slice': {
      if (!Array.isArray(value)) return [];
      const norm = (i: number) =>
        i < 0 ? Math.max(0, value.length + i) : Math.min(i, value.length);
      return value.slice(norm(segment.start ?? 0), norm(segment.end ?? value.length));
    }
    case 'filter':
      return children(value).filter((child) => test(segment.expression, child, root));
    case 'deep': {
      const found: JsonValue[] = [];
      const visit = (node: JsonValue): void => {
        found.push(...apply(segment.inner, node, root));
        for (const child of children(node)) visit(child);
      };
      visit(value);
      return found;
    }
  }
}

function walk(segments: Segment[], start: JsonValue, root: JsonValue): JsonValue[] {
  return segments.reduce<JsonValue[]>(
    (nodes, segment) => nodes.flatMap((node) => apply(segment, node, root)),
    [start],
  );
}

function operandValue(
  operand: Operand,
  current: JsonValue,
  root: JsonValue,
): JsonValue | undefined {
  switch (operand.kind) {
    case 'literal':
      return operand.value;
    case 'relative':
      return walk(operand.segments, current, root)[0];
    case 'absolute':
      return walk(operand.segments, root, root)[0];
  }
}

function test(expression: Expression, current: JsonValue, root: JsonValue): boolean {
  switch (expression.kind) {
    case 'or':
      return test(expression.left, current, root) || test(expression.right, current, root);
    case 'and':
      return test(expression.left, current, root) && test(expression.right, current, root);
    case 'not':
      return !test(expression.operand, current, root);
    case 'exists':
      return operandValue(expression.operand, current, root) !== undefined;
    case 'compare': {
      const left = operandValue(expression.left, current, root);
      const right = operandValue(expression.right, current, root);
      if (left === undefined || right === undefined) return false;
      switch (expression.op) {
        case '==':
          return JSON.stringify(left) === JSON.stringify(right);
        case '!=':
          return JSON.stringify(left) !== JSON.stringify(right);
        case '=~':
          return (
            typeof left === 'string' && typeof right === 'string' && new RegExp(right).test(left)
          );
        case '<':
        case '<=':
        case '>':
        case '>=':
          return compareOrdered(expression.op, left, right);
      }
    }
  }
}

function compareOrdered(op: '<' | '<=' | '>' | '>=', left: JsonValue, right: JsonValue): boolean {
  const bothNumbers = typeof left === 'number' && typeof right === 'number';
  const bothStrings = typeof left === 'string' && typeof right === 'string';
  if (!bothNumbers && !bothStrings) return false;
  return op === '<'
    ? left < right
    : op === '<='
      ? left <= right
      : op === '>'
        ? left > right
        : left >= right;
}

function isDefinite(segments: Segment[]): boolean {
  return segments.every(
    (s) =>
      (s.kind === 'names' && s.names.length === 1) ||
      (s.kind === 'indices' && s.indices.length === 1),
  );
}

/** Renders a value as Zabbix hands it to the next step: bare strings, JSON text for the rest. */
export function renderJsonValue(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Parses a path, throwing JsonPathError for what Zabbix's parser would refuse. */
export function parseJsonPath(path: string): void {
  new Parser(path).parsePath();
}

/**
 * Evaluates a Zabbix JSONPath on a parsed document. Throws JsonPathError when nothing matches,
 * as the preprocessing step fails then ("no data matches the specified path").
 */
export function evaluateJsonPath(document: JsonValue, path: string): string {
  const { segments, fn } = new Parser(path).parsePath();
  const matches = walk(segments, document, document);
  if (matches.length === 0) throw new JsonPathError('no data matches the specified path');
  const definite = isDefinite(segments);
  if (fn === undefined) return renderJsonValue(definite ? matches[0] : matches);
  // A function on a definite path applies to the array found there, on an indefinite one to the matches.
  const list = definite ? matches[0] : matches;
  if (!Array.isArray(list)) throw new JsonPathError(`cannot apply ${fn}() to a non-array`);
  if (fn === 'length') return String(list.length);
  if (fn === 'first') {
    if (list.length === 0) throw new JsonPathError('no data matches the specified path');
    return renderJsonValue(list[0]);
  }
  const numbers = list.map((v) => (typeof v === 'number' ? v : Number(v)));
  if (numbers.length === 0 || numbers.some((n) => Number.isNaN(n))) {
    throw new JsonPathError(`cannot apply ${fn}() to non-numeric values`);
  }
  const sum = numbers.reduce((a, b) => a + b, 0);
  const result =
    fn === 'min'
      ? Math.min(...numbers)
      : fn === 'max'
        ? Math.max(...numbers)
        : fn === 'sum'
          ? sum
          : sum / numbers.length;
  return String(result);
}
