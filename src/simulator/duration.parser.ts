const UNIT_MS: Readonly<Record<string, number>> = {
  w: 604_800_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
};

// `ms` and `us` before `m` and `s` so `200ms` is not read as 200 minutes and a stray `s`.
const PART = /(\d+(?:\.\d+)?)(ms|us|w|d|h|m|s)/y;
const BARE_SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * Reads a RouterOS time value as milliseconds: `1` and `0.2` are seconds, `200ms`, `1s`,
 * `1s500ms`, `2m` carry units. Returns null for anything else.
 */
export function parseDurationMs(text: string): number | null {
  if (BARE_SECONDS.test(text)) {
    return Number(text) * 1000;
  }
  let total = 0;
  let index = 0;
  while (index < text.length) {
    PART.lastIndex = index;
    const match = PART.exec(text);
    if (match === null) {
      return null;
    }
    total += Number(match[1]) * UNIT_MS[match[2]];
    index = PART.lastIndex;
  }
  return index === 0 ? null : total;
}
