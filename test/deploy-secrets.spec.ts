import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// No secret value may reach the repository: not in the deployment files, not in the docs, not in
// the code. Test code and fixtures make their own throwaway keys and are left out.

const ROOT = join(__dirname, '..');

/** Files git would commit: tracked, and new ones that .gitignore does not exclude. */
function repositoryFiles(): string[] {
  const output = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return [...new Set(output.split('\0').filter((file) => file !== ''))];
}

const EXCLUDED = [/^test\//, /\.spec\.ts$/, /\/testing\//, /^package-lock\.json$/];
const PLACEHOLDER = /REPLACE|EXAMPLE|PLACEHOLDER|CHANGE.?ME|\$\{|\$\(|<[^>]*>|\.\.\./i;

// Key material after the header: code that builds a PEM string has none.
const PRIVATE_KEY =
  /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=]{40,}/;

const FINDERS: Array<[string, RegExp]> = [
  [
    'an API_KEYS entry with its secret',
    /\b[A-Za-z0-9_.-]+:(?:admin|operator|monitor):([^\s,'"`]{16,})/,
  ],
  [
    'a secret assigned a literal value',
    /(?:api[_-]?keys?|secret|passw(?:or)?d|token|requirepass)["']?\s*[:=]\s*["']?([A-Za-z0-9+/_=-]{24,})/i,
  ],
  [
    'a long hex string beside a secret word',
    /(?=.*\b(?:key|secret|password|token)s?\b)(?!.*sha256).*\b([0-9a-fA-F]{32,})\b/i,
  ],
];

/** What in `text` looks like a committed secret, with line numbers. */
function findSecrets(text: string): string[] {
  const found: string[] = PRIVATE_KEY.test(text) ? ['a private key'] : [];
  text.split('\n').forEach((line, index) => {
    for (const [what, pattern] of FINDERS) {
      const match = pattern.exec(line);
      if (match !== null && !PLACEHOLDER.test(match[1] ?? ''))
        found.push(`line ${index + 1}: ${what}`);
    }
  });
  return found;
}

describe('secrets in the repository', () => {
  it('are found by the scanner when planted', () => {
    const hex = randomBytes(32).toString('hex');
    expect(findSecrets(`API_KEYS=zabbix:operator:${hex}`)).not.toEqual([]);
    expect(findSecrets(`REDIS_PASSWORD=${randomBytes(24).toString('base64')}`)).not.toEqual([]);
    const pem = `-----BEGIN OPENSSH PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n`;
    expect(findSecrets(pem)).not.toEqual([]);
    expect(findSecrets(`  api_key: "${hex}"`)).not.toEqual([]);
    expect(findSecrets(`const token = '${hex}';`)).not.toEqual([]);
  });

  it('are not mistaken for placeholders and commands that generate them', () => {
    expect(findSecrets('API_KEYS=zabbix:operator:$(openssl rand -hex 32)')).toEqual([]);
    expect(findSecrets('REDIS_PASSWORD: ${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}')).toEqual(
      [],
    );
    expect(findSecrets('password="REPLACE_WITH_openssl_rand_base64_24"')).toEqual([]);
    expect(findSecrets('`zabbix:operator:3f9a...`')).toEqual([]);
    expect(findSecrets('`-----BEGIN OPENSSH PRIVATE KEY-----\\n${lines.join(`')).toEqual([]);
  });

  it('are absent from every file git would commit, tests and fixtures aside', () => {
    const files = repositoryFiles().filter(
      (file) => !EXCLUDED.some((pattern) => pattern.test(file)),
    );
    expect(files.length).toBeGreaterThan(20);
    const findings = files.flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        return [];
      }
      if (text.includes('\0')) return [];
      return findSecrets(text).map((finding) => `${file} ${finding}`);
    });
    expect(findings).toEqual([]);
  });

  it('leaves .env files, private keys and certificates out of git', () => {
    const risky = repositoryFiles().filter(
      (file) =>
        !/^test\/fixtures\//.test(file) &&
        /(^|\/)(\.env(\.(?!example$)[^/]*)?|id_(rsa|ecdsa|ed25519)|[^/]+\.(pem|key|p12|pfx))$/.test(
          file,
        ),
    );
    expect(risky).toEqual([]);
  });
});
