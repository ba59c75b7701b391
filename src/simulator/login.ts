import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthContext, ParsedKey } from 'ssh2';
import { parsePublicKey } from './host-key';
import type { SimulatedUser } from './simulator.types';

/** A login name split into the user and RouterOS console options (`monitor+ct80w`). */
export interface LoginName {
  readonly username: string;
  /** The letters and numbers after `+`: `c` no colours, `t` no terminal detection, `80w` width. */
  readonly consoleOptions: string;
  readonly terminalWidth?: number;
}

/** `name+ct` logs in as `name`; the suffix only tunes the console. */
export function parseLoginName(login: string): LoginName {
  const match = /^(.+)\+([a-z0-9]*)$/.exec(login);
  if (match === null) {
    return { username: login, consoleOptions: '' };
  }
  const width = /(\d+)w/.exec(match[2]);
  return {
    username: match[1],
    consoleOptions: match[2],
    terminalWidth: width === null ? undefined : Number(width[1]),
  };
}

interface Account {
  readonly password?: Buffer;
  readonly key?: ParsedKey;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The device's user table: password and public-key checks. */
export class UserTable {
  private readonly accounts = new Map<string, Account>();

  constructor(users: readonly SimulatedUser[]) {
    for (const user of users) {
      this.accounts.set(user.username, {
        password: user.password === undefined ? undefined : digest(user.password),
        key: user.publicKey === undefined ? undefined : parsePublicKey(user.publicKey),
      });
    }
  }

  /**
   * Whether this authentication attempt succeeds. With `rejectPasswords` (the `wrong-password`
   * fault) no password is right. A public-key query without a signature is answered for the key
   * alone, as SSH asks first and signs second.
   */
  verify(context: AuthContext, rejectPasswords: boolean): boolean {
    const account = this.accounts.get(parseLoginName(context.username).username);
    if (account === undefined) {
      return false;
    }
    switch (context.method) {
      case 'password':
        return (
          !rejectPasswords &&
          account.password !== undefined &&
          timingSafeEqual(account.password, digest(context.password))
        );
      case 'publickey': {
        const key = account.key;
        if (key === undefined || !key.getPublicSSH().equals(context.key.data)) {
          return false;
        }
        if (context.signature === undefined || context.blob === undefined) {
          return true;
        }
        return key.verify(context.blob, context.signature, context.hashAlgo);
      }
      case 'keyboard-interactive':
      case 'hostbased':
      case 'none':
        return false;
    }
  }
}
