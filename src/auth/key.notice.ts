import { Injectable } from '@nestjs/common';

/**
 * Shows the generated admin key to the operator, once, on stdout: not through the logger (whose
 * lines may be shipped elsewhere) and never through the audit trail. A seam so tests can read it.
 */
@Injectable()
export class KeyNotice {
  show(key: string): void {
    const rule = '='.repeat(72);
    process.stdout.write(
      [
        '',
        rule,
        '  TriplePlay Sentinel: no API key is configured, so this admin key was generated.',
        '  It is shown only this once and is kept in memory only: it stops working at restart.',
        '  Send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".',
        '',
        `  ${key}`,
        '',
        '  Configure your own keys with API_KEYS or API_KEYS_FILE (see README, Security).',
        rule,
        '',
      ].join('\n') + '\n',
    );
  }
}
