/**
 * One router to talk to, with the credentials to log in. Built by the caller from the inventory
 * or from a request; secrets stay in memory and never reach a log or the audit trail.
 */
export interface DeviceTarget {
  /** Inventory name, for logs and audit events. */
  name?: string;
  host: string;
  port: number;
  username: string;
  password?: string;
  /** PEM or OpenSSH private key text. */
  privateKey?: string;
  passphrase?: string;
  /** Pinned host key, `SHA256:...` as `ssh-keygen -lf` prints it. */
  hostKeySha256?: string;
  /** Commands this router runs at once; defaults to SSH_MAX_SESSIONS_PER_DEVICE. */
  maxSessions?: number;
}

/** The limiter key: the session limit belongs to the router, whoever logs in. */
export function routerKey(target: Pick<DeviceTarget, 'host' | 'port'>): string {
  const host = target.host.toLowerCase();
  return host.includes(':') ? `[${host}]:${target.port}` : `${host}:${target.port}`;
}

/** What logs and audit events call the router. */
export function deviceLabel(target: DeviceTarget): string {
  return target.name ?? routerKey(target);
}
