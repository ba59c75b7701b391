const ESC = '\u001b';

// What the device paints at the bottom of a long or live listing.
const PAGER_MARKERS = [
  '-- [Q quit|D dump|C-z pause]',
  '-- [Q quit|D dump|C-z pause|right]',
  '-[Q quit|C-z pause]-',
];
const PAGER_LINE = /^\s*-{1,2}\s*\[Q quit\|[^\]]*\]\s*-{0,2}$/;
// A pager line overwritten by a shorter line leaves its tail behind (`1KiBC-z pause]`).
const MIN_PAGER_REMNANT = 3;
// Cursor moves past this column are device garbage; the cap keeps memory bounded.
const MAX_COLUMN = 10_000;

// `[admin@MikroTik] > cmd`, `[admin@x] /ip/route> `, `[user@host] <SAFE> `.
// The alternatives never both eat spaces, so a long line that is not a prompt fails fast.
const PROMPT = /^\[[^\s@[\]]+@[^[\]]+\](?:\s*<SAFE>|\s*>|\s*[^\s<>][^<>]*>)/;

// Log lines the device pushes into a session: `14:15:55 echo: system,error,critical ...`,
// `echo: ...`, and at login `dec/10/2007 10:40:06 system,error,critical ...`.
const DATE = String.raw`(?:[a-z]{3}/\d{2}/\d{4}|\d{4}-\d{2}-\d{2}|[a-z]{3}/\d{2})\s+`;
const TIME = String.raw`\d{2}:\d{2}:\d{2}\s+`;
const ECHO_LINE = new RegExp(String.raw`^\s*(?:${DATE})?(?:${TIME})?echo:\s`, 'i');
const LOG_LINE = new RegExp(String.raw`^\s*(?:${DATE})?${TIME}[a-z0-9-]+(?:,[a-z0-9-]+)+\s`, 'i');

/**
 * Turns raw session text into the lines a terminal would finally show: line ends, `\r`
 * repaints and escape sequences resolved; prompts, pager lines and pushed log lines removed;
 * trailing spaces trimmed; leading and trailing blank lines dropped. Column positions are kept.
 */
export function normalizeOutput(raw: string): string[] {
  const lines: string[] = [];
  for (const segment of raw.split('\n')) {
    const shown = renderLine(segment).trimEnd();
    if (isPromptLine(shown) || isPagerLine(shown) || isLogLine(shown)) continue;
    lines.push(stripPagerRemnant(shown));
  }
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** True for an interactive RouterOS prompt, with or without a typed command after it. */
export function isPromptLine(line: string): boolean {
  return PROMPT.test(line);
}

function isPagerLine(line: string): boolean {
  return PAGER_LINE.test(line);
}

function isLogLine(line: string): boolean {
  return ECHO_LINE.test(line) || LOG_LINE.test(line);
}

function stripPagerRemnant(line: string): string {
  for (const marker of PAGER_MARKERS) {
    for (let length = marker.length; length >= MIN_PAGER_REMNANT; length--) {
      const tail = marker.slice(-length);
      if (line.length > length && line.endsWith(tail)) return line.slice(0, -length).trimEnd();
    }
  }
  return line;
}

// A one-line terminal: `\r` returns the cursor, text overwrites, ESC[K erases.
function renderLine(segment: string): string {
  const cells: string[] = [];
  let col = 0;
  const write = (ch: string): void => {
    while (cells.length < col) cells.push(' ');
    cells[col] = ch;
    col++;
  };
  let i = 0;
  while (i < segment.length) {
    const ch = segment[i];
    if (ch === ESC) {
      const escape = readEscape(segment, i);
      col = applyEscape(escape, cells, col);
      i = escape.end;
      continue;
    }
    i++;
    if (ch === '\r') col = 0;
    else if (ch === '\b') col = Math.max(0, col - 1);
    else if (ch === '\t') col = Math.min(MAX_COLUMN, (Math.floor(col / 8) + 1) * 8);
    else if (ch >= ' ' && ch !== '\u007f') write(ch);
    // Other control bytes (BEL, NUL, ...) do not print.
  }
  return cells.join('');
}

interface Escape {
  final: string;
  params: string;
  end: number;
}

function readEscape(text: string, start: number): Escape {
  const next = text[start + 1];
  if (next === '[') {
    // CSI: parameters 0x30-0x3F, intermediates 0x20-0x2F, one final byte 0x40-0x7E.
    let j = start + 2;
    while (j < text.length && text[j] >= '0' && text[j] <= '?') j++;
    const params = text.slice(start + 2, j);
    while (j < text.length && text[j] >= ' ' && text[j] <= '/') j++;
    const final = j < text.length ? text[j] : '';
    return { final, params, end: Math.min(j + 1, text.length) };
  }
  if (next === ']') {
    // OSC runs to BEL or ESC \.
    let j = start + 2;
    while (j < text.length && text[j] !== '\u0007' && text[j] !== ESC) j++;
    const end = text[j] === ESC ? j + 2 : j + 1;
    return { final: '', params: '', end: Math.min(end, text.length) };
  }
  // Charset selection takes one more byte (`ESC ( B`), everything else is two bytes.
  const width = next !== undefined && '()*+#'.includes(next) ? 3 : 2;
  return { final: '', params: '', end: Math.min(start + width, text.length) };
}

function applyEscape(escape: Escape, cells: string[], col: number): number {
  const n = Number.parseInt(escape.params, 10);
  const count = Number.isNaN(n) || n < 1 ? 1 : n;
  switch (escape.final) {
    case 'K':
      eraseInLine(cells, col, escape.params);
      return col;
    case 'C':
      return Math.min(MAX_COLUMN, col + count);
    case 'D':
      return Math.max(0, col - count);
    case 'G':
      return Math.min(MAX_COLUMN, count - 1);
    default:
      // Colours, vertical moves (ESC[9999B), queries (ESC[c) leave the line as it is.
      return col;
  }
}

// ESC[K or ESC[0K: cursor to end; ESC[1K: start to cursor; ESC[2K: the whole line.
function eraseInLine(cells: string[], col: number, mode: string): void {
  if (mode === '' || mode === '0') {
    cells.length = Math.min(cells.length, col);
    return;
  }
  cells.fill(' ', 0, mode === '2' ? cells.length : Math.min(col + 1, cells.length));
}
