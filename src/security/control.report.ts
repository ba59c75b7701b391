/** The verdict on one control; `warn` never changes the exit code, `fail` always does. */
export type ControlStatus = 'pass' | 'warn' | 'fail';

export interface ControlResult {
  /** Stable snake_case id that scripts can match on. */
  id: string;
  title: string;
  status: ControlStatus;
  detail: string;
  /** What to change, for warn and fail. */
  remedy?: string;
}

export interface Report {
  tool: 'security:check' | 'security:validate';
  status: ControlStatus;
  generated_at: string;
  /** Where the answers came from: the configuration source or the instance URL. */
  subject: string;
  summary: Record<ControlStatus, number>;
  controls: ControlResult[];
}

const RANK: Record<ControlStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function buildReport(
  tool: Report['tool'],
  subject: string,
  controls: ControlResult[],
  now: Date = new Date(),
): Report {
  const summary: Record<ControlStatus, number> = { pass: 0, warn: 0, fail: 0 };
  let status: ControlStatus = 'pass';
  for (const control of controls) {
    summary[control.status] += 1;
    if (RANK[control.status] > RANK[status]) status = control.status;
  }
  return { tool, status, generated_at: now.toISOString(), subject, summary, controls };
}

/** 1 on any fail, as CI pipelines and deployment gates expect; warnings pass. */
export function exitCode(report: Report): number {
  return report.status === 'fail' ? 1 : 0;
}

export function renderText(report: Report): string {
  const idWidth = Math.max(...report.controls.map((control) => control.id.length), 8);
  const lines = [`TriplePlay Sentinel ${report.tool}: ${report.subject}`, ''];
  for (const control of report.controls) {
    lines.push(
      `  ${control.status.toUpperCase().padEnd(4)}  ${control.id.padEnd(idWidth)}  ${control.detail}`,
    );
    if (control.remedy !== undefined && control.status !== 'pass') {
      lines.push(`  ${''.padEnd(4)}  ${''.padEnd(idWidth)}  fix: ${control.remedy}`);
    }
  }
  const { pass, warn, fail } = report.summary;
  lines.push('', `${pass} pass, ${warn} warn, ${fail} fail: ${report.status.toUpperCase()}`);
  return `${lines.join('\n')}\n`;
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
