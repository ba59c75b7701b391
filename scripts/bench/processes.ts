import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Every process the run starts, so one teardown stops them all, by PID, whatever happened. */
export class Processes {
  private readonly children = new Set<ChildProcess>();

  track(child: ChildProcess): ChildProcess {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** SIGTERM, then SIGKILL for whatever is still there after `graceMs`. */
  async stop(child: ChildProcess, graceMs = 5_000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((child) => this.stop(child)));
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Copies the production build to `dir`, so a rebuild by someone else during the run cannot
 * pull files from under the app; node_modules and package.json are reachable as from the repo.
 */
export function snapshotBuild(repo: string, dist: string, dir: string): string {
  if (!existsSync(join(dist, 'main.js'))) {
    throw new Error(`${dist}/main.js not found: run "npm run build" first`);
  }
  const target = join(dir, 'dist');
  cpSync(dist, target, { recursive: true });
  cpSync(join(repo, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return target;
}

/** Resident set size of a process, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (match === null) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** Resolves with the first stdout line that parses as JSON and passes `accept`. */
export function firstJsonLine<T>(
  child: ChildProcess,
  accept: (value: unknown) => value is T,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (child.stdout === null) {
      reject(new Error(`${what}: no stdout`));
      return;
    }
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(
      () => fail(new Error(`${what}: not ready in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onExit = (code: number | null) =>
      fail(new Error(`${what} exited (${code}) before ready`));
    const done = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.removeAllListeners('line');
    };
    const fail = (error: Error) => {
      done();
      reject(error);
    };
    child.once('exit', onExit);
    lines.on('line', (line) => {
      try {
        const value: unknown = JSON.parse(line);
        if (accept(value)) {
          done();
          resolve(value);
        }
      } catch {
        // not a JSON line
      }
    });
  });
}

/** Polls `url` every `everyMs` until it answers 200; the time of that answer (performance.now()). */
export async function until200(url: string, timeoutMs: number, everyMs = 5): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      const req = request(url, { agent: false }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      });
      req.once('error', () => resolve(0));
      req.end();
    });
    if (status === 200) return performance.now();
    if (performance.now() > deadline)
      throw new Error(`${url} did not answer 200 in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Starts a child whose stderr is kept (last lines) for error messages. */
export function start(
  processes: Processes,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): ChildProcess & { stderrTail: () => string } {
  const child = processes.track(
    spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as ChildProcess & { stderrTail: () => string };
  const tail: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail.push(chunk);
    if (tail.length > 20) tail.shift();
  });
  child.stderrTail = () => tail.join('').slice(-2000);
  return child;
}
