/** A bare or quoted word: a menu path (`/tool/traceroute`), a positional value or a flag. */
export interface WordToken {
  readonly kind: 'word';
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
}

/** `name=value`; `equals` is the index of the `=`, which RouterOS errors point at. */
export interface ArgToken {
  readonly kind: 'arg';
  readonly name: string;
  readonly value: string;
  readonly start: number;
  readonly equals: number;
  readonly end: number;
}

/** `;` between two commands on one line. */
export interface SeparatorToken {
  readonly kind: 'separator';
  readonly start: number;
}

export type Token = WordToken | ArgToken | SeparatorToken;

export type TokenizeResult =
  | { readonly ok: true; readonly tokens: readonly Token[] }
  | { readonly ok: false; readonly error: string };

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t' };

/** RouterOS counts lines and columns from 1: `(line 1 column 9)`. */
export function position(source: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < source.length; i += 1) {
    if (source[i] === '\n') {
      line += 1;
      lineStart = i + 1;
    }
  }
  return `(line ${line} column ${index - lineStart + 1})`;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}

function isWordChar(char: string): boolean {
  return !isSpace(char) && char !== '=' && char !== ';' && char !== '"';
}

/**
 * Splits one command line the way the RouterOS console does, without evaluating anything:
 * words, `name=value` pairs (spaces after `=` are skipped, so `note= x` gives note the value x),
 * double-quoted strings and `;` separators.
 */
export function tokenize(source: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;

  const readQuoted = (open: number): { text: string; end: number } | null => {
    let text = '';
    let j = open + 1;
    while (j < source.length) {
      const char = source[j];
      if (char === '"') {
        return { text, end: j + 1 };
      }
      if (char === '\\' && j + 1 < source.length) {
        const next = source[j + 1];
        text += ESCAPES[next] ?? next;
        j += 2;
        continue;
      }
      text += char;
      j += 1;
    }
    return null;
  };

  while (i < source.length) {
    const char = source[i];
    if (isSpace(char)) {
      i += 1;
      continue;
    }
    if (char === ';') {
      tokens.push({ kind: 'separator', start: i });
      i += 1;
      continue;
    }
    if (char === '=') {
      return { ok: false, error: `expected end of command ${position(source, i)}` };
    }
    if (char === '"') {
      const quoted = readQuoted(i);
      if (quoted === null) {
        return { ok: false, error: `syntax error ${position(source, i)}` };
      }
      tokens.push({ kind: 'word', text: quoted.text, start: i, end: quoted.end, quoted: true });
      i = quoted.end;
      continue;
    }

    const start = i;
    while (i < source.length && isWordChar(source[i])) {
      i += 1;
    }
    const name = source.slice(start, i);
    if (source[i] !== '=') {
      tokens.push({ kind: 'word', text: name, start, end: i, quoted: false });
      continue;
    }

    const equals = i;
    i += 1;
    while (i < source.length && (source[i] === ' ' || source[i] === '\t')) {
      i += 1;
    }
    if (source[i] === '"') {
      const quoted = readQuoted(i);
      if (quoted === null) {
        return { ok: false, error: `syntax error ${position(source, i)}` };
      }
      tokens.push({ kind: 'arg', name, value: quoted.text, start, equals, end: quoted.end });
      i = quoted.end;
      continue;
    }
    const valueStart = i;
    // An unquoted value also ends at `=`: `note= show-at-login=yes` fails at the second `=`.
    while (i < source.length && isWordChar(source[i])) {
      i += 1;
    }
    tokens.push({ kind: 'arg', name, value: source.slice(valueStart, i), start, equals, end: i });
  }
  return { ok: true, tokens };
}
