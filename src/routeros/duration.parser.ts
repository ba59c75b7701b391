// Microseconds per unit; listed from the largest so a compound time must descend.
const UNIT_US: ReadonlyArray<readonly [string, number]> = [
  ['w', 604_800_000_000],
  ['d', 86_400_000_000],
  ['h', 3_600_000_000],
  ['m', 60_000_000],
  ['s', 1_000_000],
  ['ms', 1_000],
  ['us', 1],
];

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;
// `ms` before `m` and `us` before `s`, or `5ms` would read as five minutes and an `s`.
const PART = new RegExp(String.raw`(${NUMBER})(ms|us|w|d|h|m|s)`, 'y');
const BARE = new RegExp(String.raw`^${NUMBER}$`);
const CLOCK = /^(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?)$/;

/**
 * Reads a RouterOS time (`43ms`, `10ms898us`, `314us`, `107.6ms`, `1s200ms`, `2w1d3h`,
 * `01:22:53`) or a bare number of milliseconds (traceroute AVG/BEST/WORST/STD-DEV) into
 * milliseconds. Returns null for anything else.
 */
export function parseRouterOsDuration(text: string): number | null {
  const value = text.trim();
  if (value === '') return null;
  if (BARE.test(value)) return Number(value);
  const clock = CLOCK.exec(value);
  if (clock) {
    const seconds = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
    return toMs(seconds * 1_000_000);
  }
  let totalUs = 0;
  let lastRank = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < value.length) {
    const match = PART.exec(value);
    if (!match) return null;
    const rank = UNIT_US.findIndex(([unit]) => unit === match[2]);
    if (rank <= lastRank) return null;
    lastRank = rank;
    totalUs += Number(match[1]) * UNIT_US[rank][1];
  }
  return toMs(totalUs);
}

// Sum in microseconds, then cut binary noise (107.6 * 1000) below a nanosecond.
function toMs(us: number): number {
  return Math.round(us * 1000) / 1_000_000;
}
