import { normalizeOutput } from './output.normalizer';

/** What kind of refusal the device printed. */
export type RouterOsErrorKind =
  | 'bad_command'
  | 'expected_end'
  | 'syntax'
  | 'invalid_value'
  | 'bad_parameter'
  | 'failure'
  | 'input_mismatch';

/** A command error found in device output; `message` is the device's own text. */
export interface RouterOsError {
  kind: RouterOsErrorKind;
  message: string;
}

const POSITION = String.raw`\(line \d+ column \d+\)`;

// Each error starts a line: a refusal is never printed inside a table row or a value.
const PATTERNS: ReadonlyArray<readonly [RouterOsErrorKind, RegExp]> = [
  ['bad_command', new RegExp(String.raw`^bad command name \S+ ${POSITION}$`)],
  ['expected_end', new RegExp(String.raw`^expected end of command(?: ${POSITION})?$`)],
  ['syntax', new RegExp(String.raw`^syntax error(?: ${POSITION})?$`)],
  ['bad_parameter', new RegExp(String.raw`^bad parameter \S+(?: ${POSITION})?$`)],
  [
    'invalid_value',
    new RegExp(String.raw`^invalid value for argument [^\s:]+:?(?: ${POSITION})?$`),
  ],
  ['failure', /^failure: \S.*$/],
  ['input_mismatch', /^input does not match any value of \S+$/],
];

/**
 * Finds the first command error in device output (`bad command name`, `expected end of
 * command`, `syntax error`, `invalid value for argument x:` with its indented reasons,
 * `bad parameter`, `failure: ...`, `input does not match any value of ...`). Log lines the
 * device pushes into the session are not errors of the command. Returns null when none.
 */
export function detectRouterOsError(output: string): RouterOsError | null {
  const lines = normalizeOutput(output);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    for (const [kind, pattern] of PATTERNS) {
      if (!pattern.test(line)) continue;
      if (kind !== 'invalid_value') return { kind, message: line };
      return { kind, message: withReasons(line, lines.slice(i + 1)) };
    }
  }
  return null;
}

// `invalid value for argument address:` is followed by one indented line per reason.
function withReasons(line: string, following: string[]): string {
  const reasons: string[] = [];
  for (const next of following) {
    if (!/^\s+\S/.test(next)) break;
    reasons.push(next.trim());
  }
  return reasons.length === 0 ? line : `${line} ${reasons.join('; ')}`;
}
