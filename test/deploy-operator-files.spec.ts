import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { loadConfiguration } from '../src/config/configuration';
import { parseCommandLine } from '../src/simulator/command.parser';
import { type ArgToken, tokenize, type WordToken } from '../src/simulator/command.tokenizer';

// The operator artefacts of API.md ("What ships for operators") besides Prometheus: the nginx
// proxy, the RouterOS commands against the simulated device's grammar, and SECURITY.md.

const ROOT = join(__dirname, '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const DEFAULTS = loadConfiguration({});

describe('config/nginx', () => {
  const conf = read('config/nginx/sentinel.conf');
  const directives = conf
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');

  it('has balanced blocks and every directive ends with a semicolon', () => {
    let depth = 0;
    for (const line of directives) {
      depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
      expect(depth).toBeGreaterThanOrEqual(0);
      expect(line).toMatch(/[;{}]$/);
    }
    expect(depth).toBe(0);
  });

  it('allows TLS 1.2 and 1.3 only and redirects plain HTTP', () => {
    expect(directives.filter((line) => line.startsWith('ssl_protocols'))).toEqual([
      'ssl_protocols TLSv1.2 TLSv1.3;',
    ]);
    expect(directives).toContain('return 301 https://$host$request_uri;');
  });

  it('overwrites X-Forwarded-For, which TRUST_PROXY=true believes, and explains why', () => {
    expect(directives).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(directives.join('\n')).not.toContain('$proxy_add_x_forwarded_for');
    expect(conf).toMatch(/TRUST_PROXY=true/);
  });

  it('forwards to the collector port, within its body limit and request timeout', () => {
    expect(directives).toContain(`server 127.0.0.1:${DEFAULTS.server.port};`);
    const body = /client_max_body_size (\d+)k;/.exec(conf);
    expect(Number(body?.[1]) * 1024).toBeLessThanOrEqual(DEFAULTS.server.bodyLimitBytes);
    const timeout = /proxy_read_timeout (\d+)s;/.exec(conf);
    expect(Number(timeout?.[1])).toBeGreaterThan(DEFAULTS.server.requestTimeoutMs / 1000);
  });
});

// RouterOS configuration menus the account script uses: parameters, required ones, positional item.
const MENUS: Record<string, { params: string[]; required: string[]; item?: string[] }> = {
  '/user group add': { params: ['name', 'policy', 'comment'], required: ['name', 'policy'] },
  '/user add': {
    params: ['name', 'group', 'address', 'password', 'comment', 'disabled'],
    required: ['name', 'group', 'address'],
  },
  '/user ssh-keys import': {
    params: ['public-key-file', 'user'],
    required: ['public-key-file', 'user'],
  },
  '/ip ssh set': { params: ['strong-crypto', 'always-allow-password-login'], required: [] },
  '/ip service set': { params: ['address', 'port', 'disabled'], required: [], item: ['ssh'] },
};
const POLICIES = [
  'local',
  'telnet',
  'ssh',
  'ftp',
  'reboot',
  'read',
  'write',
  'policy',
  'test',
  'winbox',
  'password',
  'web',
  'sniff',
  'sensitive',
  'api',
  'romon',
  'rest-api',
];

interface RouterOsCommand {
  menu: string;
  args: Map<string, string>;
  item?: string;
}

/** One console line: the menu path words, then an optional item, then name=value pairs only. */
function parseRouterOs(line: string): RouterOsCommand {
  const result = tokenize(line);
  if (!result.ok) throw new Error(`${line}: ${result.error}`);
  const tokens = result.tokens.filter((t): t is WordToken | ArgToken => t.kind !== 'separator');
  const words: string[] = [];
  while (tokens[0]?.kind === 'word' && !tokens[0].quoted)
    words.push((tokens.shift() as WordToken).text);
  let menu = words.join(' ');
  let item: string | undefined;
  if (!(menu in MENUS) && words.length > 1 && words.slice(0, -1).join(' ') in MENUS) {
    menu = words.slice(0, -1).join(' ');
    item = words[words.length - 1];
  }
  const spec = MENUS[menu];
  if (spec === undefined) throw new Error(`${line}: unknown menu "${menu}"`);
  if (item !== undefined && !(spec.item ?? []).includes(item))
    throw new Error(`${line}: unexpected item ${item}`);
  const args = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind !== 'arg') throw new Error(`${line}: "${token.text}" is not name=value`);
    if (!spec.params.includes(token.name))
      throw new Error(`${line}: ${menu} has no ${token.name}=`);
    args.set(token.name, token.value);
  }
  const missing = spec.required.filter((name) => !args.has(name));
  if (missing.length > 0) throw new Error(`${line}: missing ${missing.join(', ')}`);
  return { menu, args, item };
}

describe('config/mikrotik', () => {
  const script = read('config/mikrotik/sentinel-monitor.rsc').split('\n');
  // Commented commands are examples to uncomment: they must be right too.
  const lines = script
    .map((line) => line.replace(/^#\s(?=\/)/, '').trim())
    .filter((line) => line.startsWith('/'));
  const commands = lines.map(parseRouterOs);
  const one = (menu: string): RouterOsCommand => {
    const found = commands.find((command) => command.menu === menu);
    if (found === undefined) throw new Error(`no ${menu}`);
    return found;
  };

  it('uses only known menus, with name=value arguments, on every command line', () => {
    expect(
      script.filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('/')),
    ).toEqual([]);
    expect(commands.length).toBeGreaterThanOrEqual(4);
  });

  it('rejects what is not RouterOS grammar', () => {
    expect(() => parseRouterOs('/user group add name=x policy=read oops')).toThrow(
      /not name=value/,
    );
    expect(() => parseRouterOs('/user frobnicate name=x')).toThrow(/unknown menu/);
    expect(() => parseRouterOs('/user add name=x group=y address="unterminated')).toThrow();
  });

  it('grants the group ssh, read and test only, with every other policy switched off', () => {
    const policy = (one('/user group add').args.get('policy') ?? '').split(',');
    for (const entry of policy) expect(POLICIES).toContain(entry.replace(/^!/, ''));
    expect(policy.filter((entry) => !entry.startsWith('!')).sort()).toEqual([
      'read',
      'ssh',
      'test',
    ]);
    for (const dangerous of [
      'write',
      'policy',
      'password',
      'sensitive',
      'reboot',
      'ftp',
      'winbox',
      'web',
      'api',
    ]) {
      expect(policy).toContain(`!${dangerous}`);
    }
  });

  it('restricts the user to one source address and imports its key', () => {
    const group = one('/user group add').args.get('name');
    const user = one('/user add');
    expect(user.args.get('group')).toBe(group);
    expect(() => ipaddr.parseCIDR(user.args.get('address') ?? '')).not.toThrow();
    expect(one('/user ssh-keys import').args.get('user')).toBe(user.args.get('name'));
  });

  it('lists as verification the commands the collector sends, in the simulated device grammar', () => {
    const verify = read('config/mikrotik/verify.rsc')
      .split('\n')
      .filter((line) => line.startsWith('/'));
    for (const format of ['v6', 'v7'] as const) {
      for (const line of verify) {
        expect(parseCommandLine(line, { format, hasRouterboard: true })).toMatchObject({
          ok: true,
        });
      }
    }
    const built = [...read('src/routeros/command.builder.ts').matchAll(/'(\/[a-z /-]+?)'/g)].map(
      (m) => m[1],
    );
    expect(built.length).toBeGreaterThanOrEqual(3);
    for (const command of built) expect(verify.some((line) => line.startsWith(command))).toBe(true);
  });
});

describe('SECURITY.md', () => {
  const text = read('SECURITY.md');

  it.each([
    'Authentication',
    'Authorisation (RBAC)',
    'Input validation',
    'Rate limits',
    'Audit trail',
    'TLS',
    'Router credentials',
    'Container hardening',
    'Redis hardening',
  ])('says how the "%s" control is met', (control) => {
    expect(text).toMatch(new RegExp(`^\\| ${control.replace(/[()]/g, '\\$&')} \\|`, 'm'));
  });

  it('says how to report a vulnerability and how to run both security commands', () => {
    expect(text).toMatch(/^## Reporting a vulnerability$/m);
    expect(text).toContain('npm run security:check');
    expect(text).toContain('npm run security:validate');
  });
});
