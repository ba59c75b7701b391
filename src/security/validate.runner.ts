import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildReport,
  type ControlResult,
  exitCode,
  renderJson,
  renderText,
  type Report,
} from './control.report';
import { HttpProbe, type ProbeResponse } from './http.probe';
import {
  keyAccepted,
  metricsProtected,
  monitorCannotTest,
  rateLimited,
  securityHeaders,
  tls,
  tlsFailure,
  unauthenticatedRejected,
} from './validate.checks';

export interface ValidateInput {
  url: URL;
  /** An operator or admin key. */
  key: string;
  monitorKey?: string;
  /** The instance's AUDIT_LOG_FILE, when this host can read it. */
  auditLog?: string;
  ca?: Buffer;
  /** The per-IP limit, when the instance does not advertise X-RateLimit-Limit. */
  rateLimit?: number;
  timeoutMs?: number;
  now?: Date;
}

/** The guidelines' post-deployment validation against a running instance. */
export async function runSecurityValidate(input: ValidateInput): Promise<Report> {
  const probe = new HttpProbe(input.url, input.timeoutMs ?? 15_000, input.ca);
  const subject = input.url.origin;
  const auditBefore = input.auditLog === undefined ? undefined : fileSize(input.auditLog);
  const controls: ControlResult[] = [];
  try {
    let live: ProbeResponse;
    try {
      live = await probe.request({ path: '/api/health/live' });
    } catch (error) {
      if (!probe.isHttps || !isCertificateError(error)) throw error;
      controls.push(tlsFailure(error as Error));
      probe.stopVerifying();
      live = await probe.request({ path: '/api/health/live' });
    }
    if (live.status !== 200) {
      controls.push({
        id: 'reachable',
        title: 'the instance answers',
        status: 'fail',
        detail: `GET /api/health/live: ${live.status}`,
      });
      return buildReport('security:validate', subject, controls, input.now);
    }
    controls.unshift({
      id: 'reachable',
      title: 'the instance answers',
      status: 'pass',
      detail: 'GET /api/health/live: 200',
    });
    if (!controls.some((control) => control.id === 'tls'))
      controls.push(tls(probe, input.url.hostname, live, input.now ?? new Date()));
    controls.push(securityHeaders(probe, live));
    controls.push(await unauthenticatedRejected(probe));
    controls.push(await keyAccepted(probe, input.key));
    controls.push(await monitorCannotTest(probe, input.monitorKey));
    controls.push(await metricsProtected(probe));
    // Last among the HTTP controls: once limited, this address gets 429 for the rest of the window.
    controls.push(await rateLimited(probe, input.rateLimit));
    controls.push(await auditGrew(input.auditLog, auditBefore));
  } catch (error) {
    const started = controls.some((control) => control.id === 'reachable');
    controls.push({
      id: started ? 'completed' : 'reachable',
      title: started ? 'the instance kept answering' : 'the instance answers',
      status: 'fail',
      detail: `${input.url.origin}: ${(error as Error).message}`,
      remedy: 'check the URL, and that this host may reach the port',
    });
  } finally {
    probe.close();
  }
  return buildReport('security:validate', subject, controls, input.now);
}

function isCertificateError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return /CERT|SELF_SIGNED|ALTNAME|UNABLE_TO_(GET|VERIFY)/.test(code);
}

function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

// The refusals above must have left lines with the phrases operators grep for; file writes are
// buffered, so the file is given a few seconds.
async function auditGrew(
  path: string | undefined,
  before: number | undefined,
): Promise<ControlResult> {
  const base = { id: 'audit_log', title: 'the audit log records the refusals' };
  if (path === undefined) {
    return {
      ...base,
      status: 'warn',
      detail: 'skipped: no --audit-log given',
      remedy: 'pass --audit-log with the instance AUDIT_LOG_FILE',
    };
  }
  const expected = ['Authentication failed', 'Rate limit exceeded'];
  let seen: string[] = [];
  for (let waited = 0; waited <= 3000; waited += 100) {
    const text = appended(path, before);
    seen = expected.filter((phrase) => text.includes(phrase));
    if (seen.length === expected.length) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  const missing = expected.filter((phrase) => !seen.includes(phrase));
  if (missing.length === expected.length) {
    return {
      ...base,
      status: 'fail',
      detail: `${path} did not grow with the refused requests`,
      remedy: 'check AUDIT_LOG_FILE and its volume',
    };
  }
  if (missing.length > 0) {
    return {
      ...base,
      status: 'warn',
      detail: `${path} grew, but has no "${missing.join('", "')}" line`,
    };
  }
  return {
    ...base,
    status: 'pass',
    detail: `${path} grew with "${expected.join('" and "')}" lines`,
  };
}

function appended(path: string, before: number | undefined): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return '';
  }
  // A smaller file was rotated: all of it is new.
  return before !== undefined && text.length >= before ? text.slice(before) : text;
}

const USAGE = `Usage: npm run security:validate -- --url URL (--key KEY | --key-file PATH)
         [--monitor-key KEY | --monitor-key-file PATH] [--audit-log PATH] [--ca PEM]
         [--rate-limit N] [--timeout SECONDS] [--json]

Checks a running instance: 401 without a key, 403 for a monitor key's test, 429 from the rate
limit, the audit log growing, the security headers, and TLS when the URL is https. Exit code 1 on
any fail. Keys given as --key show up in the process list; --key-file does not.
`;

/** The command line: arguments in, text out, exit code; the entry file only wires the process. */
export async function securityValidateCli(
  argv: string[],
  cwd: string,
): Promise<{ exitCode: number; output: string }> {
  const usage = (message: string) => ({ exitCode: 2, output: `${message}\n\n${USAGE}` });
  let values: Partial<
    Record<
      | 'url'
      | 'key'
      | 'key-file'
      | 'monitor-key'
      | 'monitor-key-file'
      | 'audit-log'
      | 'ca'
      | 'rate-limit'
      | 'timeout',
      string
    >
  > & {
    json?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        'key-file': { type: 'string' },
        'monitor-key': { type: 'string' },
        'monitor-key-file': { type: 'string' },
        'audit-log': { type: 'string' },
        ca: { type: 'string' },
        'rate-limit': { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help === true) return { exitCode: 0, output: USAGE };
  let url: URL;
  try {
    url = new URL(values.url ?? '');
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    return usage('--url must be an http:// or https:// URL');
  }
  const read = (path: string | undefined): string | undefined =>
    path === undefined ? undefined : readFileSync(resolve(cwd, path), 'utf8').trim();
  let key: string | undefined;
  let monitorKey: string | undefined;
  let ca: Buffer | undefined;
  try {
    key = values.key ?? read(values['key-file']);
    monitorKey = values['monitor-key'] ?? read(values['monitor-key-file']);
    ca = values.ca === undefined ? undefined : readFileSync(resolve(cwd, values.ca));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (key === undefined || key === '') return usage('--key or --key-file is required');
  const rateLimit = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']);
  if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit > 0))
    return usage('--rate-limit must be a positive whole number');
  const timeout = values.timeout === undefined ? 15 : Number(values.timeout);
  if (!(timeout > 0)) return usage('--timeout must be a positive number of seconds');
  const report = await runSecurityValidate({
    url,
    key,
    monitorKey,
    auditLog: values['audit-log'] === undefined ? undefined : resolve(cwd, values['audit-log']),
    ca,
    rateLimit,
    timeoutMs: timeout * 1000,
  });
  return {
    exitCode: exitCode(report),
    output: values.json === true ? renderJson(report) : renderText(report),
  };
}
