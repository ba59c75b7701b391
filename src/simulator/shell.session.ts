import type { Duplex } from 'node:stream';

/** Runs one typed line and resolves when its output is complete or it was interrupted. */
export type LineRunner = (line: string, signal: AbortSignal) => Promise<void>;

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u0008', '\u007f']);

/**
 * A minimal interactive console: banner, prompt, echo, run on Enter, prompt again. Ctrl-C
 * interrupts a running command, `quit` or Ctrl-D on an empty line ends the session.
 */
export class ShellSession {
  private typed = '';
  private lastWasCr = false;
  private running: AbortController | null = null;
  private closed = false;

  constructor(
    private readonly channel: Duplex,
    private readonly prompt: string,
    private readonly runLine: LineRunner,
    private readonly end: () => void,
  ) {}

  /** Prints the banner and the first prompt and starts reading keystrokes. */
  start(banner: readonly string[]): void {
    this.channel.on('data', (chunk: Buffer | string) => this.onInput(chunk.toString()));
    this.channel.once('close', () => {
      this.closed = true;
      this.running?.abort();
    });
    this.write(banner.map((text) => `${text}\r\n`).join('') + this.prompt);
  }

  private write(text: string): void {
    if (!this.closed) {
      this.channel.write(text);
    }
  }

  private onInput(input: string): void {
    for (const char of input) {
      if (this.running !== null) {
        // Typing is ignored while a command runs; only Ctrl-C reaches it.
        if (char === CTRL_C) {
          this.running.abort();
        }
        continue;
      }
      this.onKey(char);
    }
  }

  private onKey(char: string): void {
    if (char === '\r' || char === '\n') {
      if (char === '\n' && this.typed === '' && this.lastWasCr) {
        this.lastWasCr = false;
        return;
      }
      this.lastWasCr = char === '\r';
      const line = this.typed;
      this.typed = '';
      this.write('\r\n');
      this.execute(line);
      return;
    }
    this.lastWasCr = false;
    if (char === CTRL_C) {
      this.typed = '';
      this.write(`\r\n${this.prompt}`);
    } else if (char === CTRL_D && this.typed === '') {
      this.quit();
    } else if (BACKSPACE.has(char)) {
      if (this.typed.length > 0) {
        this.typed = this.typed.slice(0, -1);
        this.write('\b \b');
      }
    } else if (char >= ' ') {
      this.typed += char;
      this.write(char);
    }
  }

  private execute(line: string): void {
    const command = line.trim();
    if (command === 'quit' || command === '/quit') {
      this.quit();
      return;
    }
    if (command === '') {
      this.write(this.prompt);
      return;
    }
    const controller = new AbortController();
    this.running = controller;
    void this.runLine(command, controller.signal)
      .catch(() => undefined)
      .then(() => {
        this.running = null;
        this.write(this.prompt);
      });
  }

  private quit(): void {
    this.closed = true;
    this.end();
  }
}
