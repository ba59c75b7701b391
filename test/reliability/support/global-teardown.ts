import { mkdirSync, writeFileSync } from 'node:fs';
import { FAULTS_EXPECTED, LOAD_P99_MS, MIN_FUZZ_CASES, RSS_GROWTH_PERCENT } from './bounds';
import { OUTPUT_DIR, readParts, SUMMARY_FILE, type SuiteFigures } from './figures';

/** Every suite must have left its figures: one that silently did not run fails the run. */
const EXPECTED_PARTS = ['faults', 'redis', 'shutdown', 'load', 'fuzz', 'brute-force'];

interface Summary {
  faultsSurvived: number;
  faultsTotal: number;
  requests: number;
  errors5xx: number;
  wrongAnswers: number;
  leakedSessions: number;
  p99Ms: number;
  rssGrowthPercent: number;
  fuzzCases: number;
  deviceCommands: number;
  outsideGrammar: number;
}

const sum = (parts: SuiteFigures[], pick: (part: SuiteFigures) => number | undefined) =>
  parts.reduce((total, part) => total + (pick(part) ?? 0), 0);
/** The highest figure among the suites that measured it (RSS may shrink: a negative growth). */
const max = (parts: SuiteFigures[], pick: (part: SuiteFigures) => number | undefined) => {
  const values = parts.map(pick).filter((value): value is number => value !== undefined);
  return values.length === 0 ? 0 : Math.max(...values);
};

function summarize(parts: SuiteFigures[]): Summary {
  return {
    faultsSurvived: sum(parts, (part) => part.faultsSurvived),
    faultsTotal: sum(parts, (part) => part.faultsTotal),
    requests: sum(parts, (part) => part.requests),
    errors5xx: sum(parts, (part) => part.errors5xx),
    wrongAnswers: sum(parts, (part) => part.wrongAnswers),
    leakedSessions: sum(parts, (part) => part.leakedSessions),
    p99Ms: max(parts, (part) => part.p99Ms),
    rssGrowthPercent: max(parts, (part) => part.rssGrowthPercent),
    fuzzCases: sum(parts, (part) => part.fuzzCases),
    deviceCommands: sum(parts, (part) => part.deviceCommands),
    outsideGrammar: sum(parts, (part) => part.outsideGrammar),
  };
}

/** Each breach of bounds.ts, in words; none when every figure holds. */
function breaches(summary: Summary, missing: string[]): string[] {
  const found: string[] = missing.map((part) => `no figures from the ${part} suite`);
  if (summary.faultsTotal < FAULTS_EXPECTED)
    found.push(`${summary.faultsTotal} faults injected, ${FAULTS_EXPECTED} expected`);
  if (summary.faultsSurvived < summary.faultsTotal)
    found.push(`${summary.faultsTotal - summary.faultsSurvived} faults not survived`);
  if (summary.errors5xx > 0) found.push(`${summary.errors5xx} unexpected 5xx`);
  if (summary.wrongAnswers > 0) found.push(`${summary.wrongAnswers} wrong answers`);
  if (summary.leakedSessions > 0) found.push(`${summary.leakedSessions} leaked sessions`);
  if (summary.p99Ms > LOAD_P99_MS) found.push(`p99 ${summary.p99Ms} ms > ${LOAD_P99_MS} ms`);
  if (summary.rssGrowthPercent > RSS_GROWTH_PERCENT)
    found.push(`RSS growth ${summary.rssGrowthPercent} % > ${RSS_GROWTH_PERCENT} %`);
  if (summary.fuzzCases < MIN_FUZZ_CASES)
    found.push(`${summary.fuzzCases} fuzz cases < ${MIN_FUZZ_CASES}`);
  if (summary.outsideGrammar > 0)
    found.push(`${summary.outsideGrammar} device commands outside the grammar`);
  return found;
}

function table(summary: Summary, parts: Record<string, SuiteFigures>, failed: string[]): string {
  const rows: Array<[string, string]> = [
    ['faults survived', `${summary.faultsSurvived}/${summary.faultsTotal}`],
    ['requests', String(summary.requests)],
    ['5xx', String(summary.errors5xx)],
    ['wrong answers', String(summary.wrongAnswers)],
    ['leaked sessions', String(summary.leakedSessions)],
    ['p99', `${summary.p99Ms} ms (bound ${LOAD_P99_MS} ms)`],
    ['rss growth', `${summary.rssGrowthPercent} % (bound ${RSS_GROWTH_PERCENT} %)`],
    ['fuzz cases', `${summary.fuzzCases} (at least ${MIN_FUZZ_CASES})`],
    [
      'reached device',
      `${summary.deviceCommands} command lines, ${summary.outsideGrammar} outside the grammar`,
    ],
  ];
  for (const [suite, part] of Object.entries(parts))
    for (const [name, value] of Object.entries(part.notes ?? {}))
      rows.push([`${suite}: ${name}`, value]);
  const lines = [
    '| figure | value |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${value.replace(/\|/g, '\\|')} |`),
  ];
  lines.push(
    '',
    failed.length === 0 ? 'Every figure within its bound.' : `BREACHED: ${failed.join('; ')}`,
  );
  return lines.join('\n');
}

/** Prints the table, writes test-output/reliability.json and fails the run on any breach. */
export default function globalTeardown(): void {
  const parts = readParts();
  const missing = EXPECTED_PARTS.filter((part) => parts[part] === undefined);
  const summary = summarize(Object.values(parts));
  const failed = breaches(summary, missing);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(
    SUMMARY_FILE,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        passed: failed.length === 0,
        summary,
        breaches: failed,
        parts,
      },
      null,
      2,
    ) + '\n',
  );
  process.stdout.write(
    `\nReliability figures (${SUMMARY_FILE}):\n\n${table(summary, parts, failed)}\n`,
  );
  if (failed.length > 0) throw new Error(`reliability bounds breached: ${failed.join('; ')}`);
}
