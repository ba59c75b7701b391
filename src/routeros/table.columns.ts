/** One header word of a RouterOS table and the characters it spans. */
export interface Column {
  name: string;
  start: number;
  end: number;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Whitespace-separated words of a line with their positions. */
export function tokenize(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * Reads a header line whose every word is a known column name, or a name the terminal cut
 * short (`STA..`). Returns null when the line is not such a header.
 */
export function readHeader(line: string, known: readonly string[]): Column[] | null {
  const tokens = tokenize(line);
  if (tokens.length === 0) return null;
  const columns: Column[] = [];
  for (const token of tokens) {
    const name = resolveName(token.text, known);
    if (name === null || columns.some((c) => c.name === name)) return null;
    columns.push({ name, start: token.start, end: token.end });
  }
  return columns;
}

function resolveName(word: string, known: readonly string[]): string | null {
  if (known.includes(word)) return word;
  if (!word.endsWith('..') || word.length < 3) return null;
  const prefix = word.slice(0, -2);
  const candidates = known.filter((name) => name.startsWith(prefix));
  return candidates.length === 1 ? candidates[0] : null;
}

/**
 * Splits a row into column values by position, not by spaces: a word belongs to the header it
 * overlaps (values are left- or right-aligned to their header and may stick out of it), else to
 * the nearest header; everything from the last header on is one value, spaces kept. Missing
 * values are absent from the result.
 */
export function splitRow(line: string, columns: readonly Column[]): Map<string, string> {
  const values = new Map<string, string>();
  if (columns.length === 0) return values;
  const last = columns[columns.length - 1];
  const tokens = tokenize(line);
  const tailStart = tokens.findIndex((t) => t.start >= last.start - 1);
  const head = tailStart === -1 ? tokens : tokens.slice(0, tailStart);
  for (const token of head) {
    const name = columnOf(token, columns);
    const previous = values.get(name);
    values.set(name, previous === undefined ? token.text : `${previous} ${token.text}`);
  }
  if (tailStart !== -1) values.set(last.name, line.slice(tokens[tailStart].start).trimEnd());
  return values;
}

function columnOf(token: Token, columns: readonly Column[]): string {
  let best = columns[0];
  let bestOverlap = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const column of columns) {
    const overlap = Math.min(token.end, column.end) - Math.max(token.start, column.start);
    if (overlap > bestOverlap) {
      best = column;
      bestOverlap = overlap;
    }
    if (bestOverlap > 0) continue;
    const distance = Math.max(column.start - token.end, token.start - column.end + 1);
    // `<=` prefers the header on the right: values may start just left of their header.
    if (distance <= bestDistance) {
      best = column;
      bestDistance = distance;
    }
  }
  return best.name;
}
