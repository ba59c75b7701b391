import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'routeros');

/** The lines of a captured RouterOS output under test/fixtures/routeros, whitespace kept. */
export function fixtureLines(name: string): string[] {
  return readFileSync(join(FIXTURES, name), 'utf8').replace(/\r/g, '').split('\n');
}
