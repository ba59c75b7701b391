import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Step } from './command.runner';
import type { OutputFault } from './fault';

/** How a command's steps reach a channel. */
export interface DriveOptions {
  /** Multiplies every wait. */
  readonly timeScale: number;
  /** Aborted when the channel or connection closes, or the device stops. */
  readonly signal: AbortSignal;
  readonly fault: OutputFault;
  readonly dropAfterLines: number;
  /** Destroys the TCP connection (`drop-mid-output`). */
  drop(): void;
}

/** How a drive ended: output complete, the client or device went away, or a fault cut it. */
export type DriveResult = 'done' | 'aborted' | 'dropped';

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  // A zero wait still yields, so endless output at timeScale 0 cannot starve the event loop.
  if (ms <= 0) {
    await nextTurn(undefined, { signal });
  } else {
    await sleep(ms, undefined, { signal });
  }
}

async function untilAborted(signal: AbortSignal): Promise<void> {
  if (!signal.aborted) {
    await once(signal, 'abort');
  }
}

async function writeLine(channel: Writable, text: string, signal: AbortSignal): Promise<void> {
  // RouterOS ends every line in CRLF; respect the SSH window instead of buffering without bound.
  if (!channel.write(`${text}\r\n`)) {
    await once(channel, 'drain', { signal });
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Plays a command's steps into a channel in real (scaled) time, applying the `hang` and
 * `drop-mid-output` faults. An abort (channel, connection or device gone) ends it quietly.
 */
export async function drive(
  channel: Writable,
  steps: Iterable<Step>,
  options: DriveOptions,
): Promise<DriveResult> {
  const { signal, fault } = options;
  let printed = 0;
  try {
    for (const step of steps) {
      if (signal.aborted) {
        return 'aborted';
      }
      if (step.kind === 'wait') {
        if (fault === 'hang' && printed > 0) {
          // The header is out; the command now never finishes.
          await untilAborted(signal);
          return 'aborted';
        }
        await pause(step.ms * options.timeScale, signal);
        continue;
      }
      await writeLine(channel, step.text, signal);
      printed += 1;
      if (fault === 'drop-mid-output' && printed >= options.dropAfterLines) {
        options.drop();
        return 'dropped';
      }
    }
  } catch (error) {
    if (isAbort(error)) {
      return 'aborted';
    }
    throw error;
  }
  if (fault === 'hang') {
    await untilAborted(signal);
    return 'aborted';
  }
  if (fault === 'drop-mid-output') {
    options.drop();
    return 'dropped';
  }
  return signal.aborted ? 'aborted' : 'done';
}
