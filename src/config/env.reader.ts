/** A bad setting: the message names the variable and says what it accepts. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Typed readers over one environment snapshot; every failure names its variable. */
export class EnvReader {
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off'].includes(lower)) return false;
    throw new ConfigError(name, `expected true or false, got "${value}"`);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value))
      throw new ConfigError(name, `expected a whole number, got "${value}"`);
    return this.inRange(name, Number(value), min, max);
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+(\.\d+)?$/.test(value))
      throw new ConfigError(name, `expected a number, got "${value}"`);
    return this.inRange(name, Number(value), min, max);
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const match = allowed.find((option) => option === value.toLowerCase());
    if (match === undefined) {
      throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${value}"`);
    }
    return match;
  }

  /** A size such as `50MB`, `512k` or a plain byte count. */
  bytes(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(value);
    if (!match)
      throw new ConfigError(name, `expected a size such as 50MB or 512kb, got "${value}"`);
    const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[
      match[2].toLowerCase() as '' | 'k' | 'm' | 'g'
    ];
    const bytes = Math.floor(Number(match[1]) * unit);
    if (bytes < 1) throw new ConfigError(name, 'must be at least 1 byte');
    return bytes;
  }

  /** A per-minute rate such as `100`, `100/min`, `10/s` or `6000/h`, returned per minute. */
  ratePerMinute(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const match = /^(\d+)\s*(?:\/\s*(s|sec|second|m|min|minute|h|hour))?$/i.exec(value);
    if (!match) throw new ConfigError(name, `expected a rate such as 100/min, got "${value}"`);
    const unit = (match[2] ?? 'min').toLowerCase();
    const perMinute = unit.startsWith('s')
      ? Number(match[1]) * 60
      : unit.startsWith('h')
        ? Number(match[1]) / 60
        : Number(match[1]);
    if (perMinute < 1) throw new ConfigError(name, 'must allow at least one request a minute');
    return Math.floor(perMinute);
  }

  list(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  private inRange(name: string, value: number, min: number, max: number): number {
    if (value < min || value > max) {
      throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
    }
    return value;
  }
}
