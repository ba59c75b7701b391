import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { routerKey } from './device.target';

// `[host]:port ssh-fingerprint SHA256:...`; host names are lower-cased, IPv6 goes inside the brackets.
const LINE = /^\[([^\]]+)\]:(\d{1,5})\s+ssh-fingerprint\s+(SHA256:[A-Za-z0-9+/]+=*)\s*$/;

/**
 * The pins learnt in `accept-new` mode, one line per router:
 *
 *     # comments and blank lines are ignored
 *     [10.0.0.1]:22 ssh-fingerprint SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8
 *
 * Fingerprints only (not OpenSSH's key blobs), so an operator can paste what `ssh-keygen -lf`
 * prints. When a router appears twice the last line wins, so appending a new pin replaces one.
 */
export class KnownHostsFile {
  constructor(private readonly path: string) {}

  /** Key: `host:port` as `routerKey()` builds it. A missing file is an empty one. */
  load(): { pins: Map<string, string>; invalidLines: number[] } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { pins: new Map(), invalidLines: [] };
      throw error;
    }
    const pins = new Map<string, string>();
    const invalidLines: number[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const match = LINE.exec(line);
      if (match === null) invalidLines.push(index + 1);
      else
        pins.set(
          routerKey({ host: match[1], port: Number(match[2]) }),
          match[3].replace(/=+$/, ''),
        );
    });
    return { pins, invalidLines };
  }

  /** Appends one pin, creating the directory (0700) and the file (0600) when needed. */
  append(host: string, port: number, fingerprint: string): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    appendFileSync(this.path, `[${host.toLowerCase()}]:${port} ssh-fingerprint ${fingerprint}\n`, {
      mode: 0o600,
    });
  }
}
