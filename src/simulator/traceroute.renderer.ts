/** One hop as printed; empty strings are empty cells. */
export interface TraceRow {
  readonly hop: number;
  readonly address: string;
  readonly loss: string;
  readonly sent: number;
  readonly last: string;
  readonly avg: string;
  readonly best: string;
  readonly worst: string;
  readonly stdDev: string;
  readonly status: string;
}

type Cell = (row: TraceRow) => string;

interface Column {
  readonly title: string;
  readonly cell: Cell;
  readonly right: boolean;
}

const COLUMNS: readonly Column[] = [
  { title: '#', cell: (row) => String(row.hop), right: true },
  { title: 'ADDRESS', cell: (row) => row.address, right: false },
  { title: 'LOSS', cell: (row) => row.loss, right: true },
  { title: 'SENT', cell: (row) => String(row.sent), right: true },
  { title: 'LAST', cell: (row) => row.last, right: true },
  { title: 'AVG', cell: (row) => row.avg, right: true },
  { title: 'BEST', cell: (row) => row.best, right: true },
  { title: 'WORST', cell: (row) => row.worst, right: true },
  { title: 'STD-DEV', cell: (row) => row.stdDev, right: true },
  { title: 'STATUS', cell: (row) => row.status, right: false },
];

// traceroute-v6-mpls-labels.txt: fixed widths, numbers right-aligned, one space between columns.
const V6_WIDTHS = [2, 32, 4, 4, 7, 7, 7, 7, 7, 0];
const ADDRESS_MAX = 32;

// Long IPv6 addresses are cut to 32 characters ending in `...`.
function fitAddress(address: string): string {
  return address.length > ADDRESS_MAX ? `${address.slice(0, ADDRESS_MAX - 3)}...` : address;
}

function v6Columns(terminalWidth?: number): number {
  if (terminalWidth === undefined) {
    return COLUMNS.length;
  }
  // An 80-column session ends after WORST, as traceroute-v6-ssh-exec-noninteractive-two-chunks.txt.
  let end = 0;
  for (let i = 0; i < COLUMNS.length; i += 1) {
    end += (i === 0 ? 0 : 1) + (V6_WIDTHS[i] || COLUMNS[i].title.length);
    if (end > terminalWidth - 3) {
      return i;
    }
  }
  return COLUMNS.length;
}

function v6Line(cells: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const width = V6_WIDTHS[i];
      const padded = COLUMNS[i].right ? cell.padStart(width) : cell.padEnd(width);
      return i === 0 ? padded : ` ${padded}`;
    })
    .join('')
    .trimEnd();
}

/** The v6 header line (printed once per command). */
export function renderV6TraceHeader(terminalWidth?: number): string {
  const count = v6Columns(terminalWidth);
  return v6Line(COLUMNS.slice(0, count).map((column) => column.title));
}

/** v6 rows: right-aligned numbers, trailing spaces trimmed. */
export function renderV6TraceRows(rows: readonly TraceRow[], terminalWidth?: number): string[] {
  const count = v6Columns(terminalWidth);
  return rows.map((row) =>
    v6Line(
      COLUMNS.slice(0, count).map((column, i) =>
        i === 1 ? fitAddress(column.cell(row)) : column.cell(row),
      ),
    ),
  );
}

// traceroute-v7-columns-header-mpls-label-stack.txt: widths follow the content, two spaces apart,
// values left-aligned except the counters.
const V7_RIGHT = new Set(['#', 'SENT']);

/** A whole v7 table: the `Columns:` line, the header and one line per hop. */
export function renderV7TraceTable(rows: readonly TraceRow[]): string[] {
  const cells = rows.map((row) =>
    COLUMNS.map((column, i) => (i === 1 ? fitAddress(column.cell(row)) : column.cell(row))),
  );
  const widths = COLUMNS.map((column, i) =>
    Math.max(column.title.length, ...cells.map((row) => row[i].length)),
  );
  const format = (values: readonly string[]): string =>
    values
      .map((value, i) =>
        V7_RIGHT.has(COLUMNS[i].title) ? value.padStart(widths[i]) : value.padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [
    `Columns: ${COLUMNS.slice(1)
      .map((column) => column.title)
      .join(', ')}`,
    format(COLUMNS.map((column) => column.title)),
    ...cells.map(format),
  ];
}
