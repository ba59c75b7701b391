import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEYS, ROUTER_PASSWORD } from '../../support/harness';

const MAIN = join(__dirname, '..', '..', '..', 'dist', 'main.js');
const GC_PRELOAD = join(__dirname, 'gc-preload.js');
const LISTENING = /listening on (https?:\/\/\S+?) /;

/** The built app (`node dist/main.js`) running as a child process, as an operator runs it. */
export interface AppProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Settles with the exit code and signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resident set size now, in KiB (Linux /proc). */
  rssKib(): number;
  /** Resident set size after a full garbage collection, in KiB: what the app really holds. */
  rssAfterGcKib(): Promise<number>;
  /** SIGKILL if still running (cleanup after a failed test). */
  kill(): Promise<void>;
}

/** Spawns dist/main.js with `env` (and PATH) only; resolves once it listens. */
export async function spawnApp(env: Record<string, string>): Promise<AppProcess> {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, ['--expose-gc', '-r', GC_PRELOAD, MAIN], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('the app did not start');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not listen:\n${output}`)), 30_000);
    const check = () => {
      const match = LISTENING.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      resolve(match[1]);
    };
    child.stdout.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    pid,
    child,
    exited,
    output: () => output,
    rssKib: () => rssOf(pid),
    rssAfterGcKib: async () => {
      child.kill('SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, 500));
      return rssOf(pid);
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (match === null) throw new Error('no VmRSS in /proc status');
  return Number(match[1]);
}

/** The settings startHarness uses, for a child app over routers from startRouters. */
export function harnessEnv(
  dir: string,
  devicesFile: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    COLLECTOR_HOST: '127.0.0.1',
    COLLECTOR_PORT: '0',
    LOG_LEVEL: 'warn',
    API_KEYS: Object.entries(KEYS)
      .map(([role, key]) => `${role}:${role}:${key}`)
      .join(','),
    DEVICES_FILE: devicesFile,
    SIM_ROUTER_PASSWORD: ROUTER_PASSWORD,
    AUDIT_LOG_FILE: join(dir, 'logs', 'audit.log'),
    KNOWN_HOSTS_FILE: join(dir, 'known_hosts'),
    ...extra,
  };
}
