import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where each suite leaves its figures for the summary (test-output is gitignored). */
export const OUTPUT_DIR = join(__dirname, '..', '..', '..', 'test-output');
export const PARTS_DIR = join(OUTPUT_DIR, 'reliability-parts');
export const SUMMARY_FILE = join(OUTPUT_DIR, 'reliability.json');

/**
 * What one suite measured. Counts add up over suites; `requests` and `errors5xx` count only
 * requests whose correct answer is not a 5xx (fault cases are judged in `faults*`).
 */
export interface SuiteFigures {
  faultsSurvived?: number;
  faultsTotal?: number;
  requests?: number;
  errors5xx?: number;
  wrongAnswers?: number;
  leakedSessions?: number;
  p99Ms?: number;
  rssGrowthPercent?: number;
  fuzzCases?: number;
  /** Command lines the simulated routers received during the fuzzing. */
  deviceCommands?: number;
  /** Of those, lines (or logins) outside the documented grammar. */
  outsideGrammar?: number;
  /** Extra lines for the table: what else the suite proved, with its numbers. */
  notes?: Record<string, string>;
}

/** Merges `figures` into this suite's part file (a suite may record in several steps). */
export function recordFigures(suite: string, figures: SuiteFigures): void {
  mkdirSync(PARTS_DIR, { recursive: true });
  const file = join(PARTS_DIR, `${suite}.json`);
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SuiteFigures) : {};
  const merged: SuiteFigures = {
    ...previous,
    ...figures,
    notes: { ...previous.notes, ...figures.notes },
  };
  writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
}

/** Every suite's figures, by suite name. */
export function readParts(): Record<string, SuiteFigures> {
  if (!existsSync(PARTS_DIR)) return {};
  const parts: Record<string, SuiteFigures> = {};
  for (const name of readdirSync(PARTS_DIR).filter((file) => file.endsWith('.json'))) {
    parts[name.replace(/\.json$/, '')] = JSON.parse(
      readFileSync(join(PARTS_DIR, name), 'utf8'),
    ) as SuiteFigures;
  }
  return parts;
}

export function clearParts(): void {
  rmSync(PARTS_DIR, { recursive: true, force: true });
}

/** The nearest-rank percentile of `values` (ms); 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
