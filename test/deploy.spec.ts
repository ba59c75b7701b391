import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { loadConfiguration } from '../src/config/configuration';

// No Docker engine or cluster runs the tests: they read the Dockerfile, the compose file and the
// manifests and check the properties the security guidelines ask for against the code itself.

const ROOT = join(__dirname, '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The value at a path inside a parsed YAML document, undefined where the path breaks off. */
function at(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}
const list = (value: unknown, ...path: Array<string | number>): unknown[] => {
  const found = at(value, ...path);
  return Array.isArray(found) ? found : [];
};
const text = (value: unknown, ...path: Array<string | number>): string =>
  String(at(value, ...path));
const record = (value: unknown, ...path: Array<string | number>): Record<string, unknown> => {
  const found = at(value, ...path);
  return found !== null && typeof found === 'object' ? (found as Record<string, unknown>) : {};
};

const DEFAULTS = loadConfiguration({});
const PORT = DEFAULTS.server.port;

/** Routes of the health controller, read from its decorators. */
function healthRoutes(): string[] {
  const text = read('src/health/health.controller.ts');
  const prefix = /@Controller\(\s*'([^']*)'\s*\)/.exec(text)?.[1] ?? '';
  return [...text.matchAll(/@Get\(\s*(?:'([^']*)')?\s*\)/g)].map((match) =>
    posix.join('/', prefix, match[1] ?? ''),
  );
}

/** Every variable configuration.ts reads. */
function settingNames(): string[] {
  const text = read('src/config/configuration.ts');
  return [...new Set([...text.matchAll(/read\.\w+\(\s*'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]))];
}

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, continuation lines joined, comments dropped, split into stages. */
function dockerStages(): Instruction[][] {
  const lines = read('Dockerfile')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Instruction[][] = [[]];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') stages.push([]);
    stages[stages.length - 1].push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

const under = (path: string, dirs: string[]): boolean =>
  dirs.some((dir) => path === dir || path.startsWith(`${dir.replace(/\/$/, '')}/`));

describe('the health routes the deployment files probe', () => {
  it('are read from the health controller and include live and ready', () => {
    expect(healthRoutes()).toEqual(
      expect.arrayContaining(['/api/health/live', '/api/health/ready']),
    );
  });
});

describe('Dockerfile', () => {
  const stages = dockerStages();
  const [preamble, ...buildStages] = stages;
  const runtime = buildStages[buildStages.length - 1];
  const find = (stage: Instruction[], keyword: string) =>
    stage.filter((i) => i.keyword === keyword);
  const nodeImage = /ARG NODE_IMAGE=(\S+)/.exec(read('Dockerfile'))?.[1];

  it('builds in several stages from one Node 20 slim image pinned to an exact version', () => {
    expect(buildStages.length).toBeGreaterThanOrEqual(2);
    expect(nodeImage).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
    expect(find(preamble, 'ARG')[0]?.args).toContain('NODE_IMAGE');
    for (const stage of buildStages) expect(stage[0].args).toMatch(/^\$\{NODE_IMAGE\}/);
  });

  it('compiles with every dependency but ships production dependencies only', () => {
    const runs = buildStages.map((stage) =>
      find(stage, 'RUN')
        .map((i) => i.args)
        .join(' && '),
    );
    expect(runs.some((run) => /npm ci\b(?!.*--omit=dev).*npm run build/.test(run))).toBe(true);
    expect(runs.some((run) => /npm ci --omit=dev|npm prune --omit=dev/.test(run))).toBe(true);
    const copies = find(runtime, 'COPY').map((i) => i.args);
    const depsStage = buildStages.find((stage) =>
      /npm ci --omit=dev/.test(
        find(stage, 'RUN')
          .map((i) => i.args)
          .join(' '),
      ),
    );
    const depsName = /\bAS\s+(\S+)/i.exec(depsStage?.[0].args ?? '')?.[1];
    expect(
      copies.some((args) => args.includes(`--from=${depsName}`) && args.includes('node_modules')),
    ).toBe(true);
  });

  it('runs the runtime stage as user 1001 in production mode from /app', () => {
    expect(find(runtime, 'USER').pop()?.args).toMatch(/^1001(:1001)?$/);
    expect(
      find(runtime, 'ENV')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(/NODE_ENV=production/);
    expect(find(runtime, 'WORKDIR').pop()?.args).toBe('/app');
    expect(find(runtime, 'CMD').pop()?.args).toBe('["node", "dist/main.js"]');
  });

  it('keeps the audit log and known_hosts on volumes, so the root filesystem can be read-only', () => {
    const volumes = JSON.parse(find(runtime, 'VOLUME')[0].args) as string[];
    const env = find(runtime, 'ENV')
      .map((i) => i.args)
      .join(' ');
    const audit = /AUDIT_LOG_FILE=(\S+)/.exec(env)?.[1] ?? posix.join('/app', DEFAULTS.audit.file);
    const knownHosts =
      /KNOWN_HOSTS_FILE=(\S+)/.exec(env)?.[1] ?? posix.join('/app', DEFAULTS.device.knownHostsFile);
    expect(under(audit, volumes)).toBe(true);
    expect(under(knownHosts, volumes)).toBe(true);
    // The defaults, relative to WORKDIR, land there too when the ENV lines are overridden away.
    expect(under(posix.join('/app', DEFAULTS.audit.file), volumes)).toBe(true);
    expect(under(posix.join('/app', DEFAULTS.device.knownHostsFile), volumes)).toBe(true);
    expect(
      find(runtime, 'RUN')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(/chown 1001:1001 \/app\/data \/app\/logs/);
  });

  it('exposes the default COLLECTOR_PORT and checks health with node, not curl', () => {
    expect(find(runtime, 'EXPOSE')[0].args).toBe(String(PORT));
    const check = find(runtime, 'HEALTHCHECK')[0].args;
    expect(check).toMatch(/CMD \["node", "-e"/);
    expect(check).not.toMatch(/curl|wget/);
    const path = /path:'([^']+)'/.exec(check)?.[1];
    expect(healthRoutes()).toContain(path);
    expect(check).toContain(`||${PORT}`);
  });

  it('leaves secrets, tests, git and local state out of the build context', () => {
    const ignored = read('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim());
    for (const entry of [
      '.env',
      '.env.*',
      '*.pem',
      '*.key',
      'secrets/',
      'test/',
      '**/*.spec.ts',
      '.git/',
      'node_modules/',
      'logs/',
      'data/',
      'dist/',
    ]) {
      expect(ignored).toContain(entry);
    }
    // What the build copies must not be ignored.
    const sources = buildStages
      .flatMap((stage) => find(stage, 'COPY'))
      .filter((i) => !i.args.includes('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source))).toBe(true);
      expect(ignored).not.toContain(source);
      expect(ignored).not.toContain(`${source}/`);
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = load(read('docker-compose.yml'));
  const services = record(compose, 'services');
  const collector = services.collector;
  const redis = services.redis;
  const env = (service: unknown, name: string) => at(service, 'environment', name);

  it.each([['collector'], ['redis']])(
    'runs %s read-only, without capabilities or privilege gain, with /tmp on tmpfs',
    (name) => {
      const service = services[name];
      expect(at(service, 'read_only')).toBe(true);
      expect(at(service, 'cap_drop')).toEqual(['ALL']);
      expect(at(service, 'cap_add')).toBeUndefined();
      expect(at(service, 'privileged')).toBeUndefined();
      expect(list(service, 'security_opt')).toContain('no-new-privileges:true');
      expect(list(service, 'tmpfs').some((entry) => String(entry).startsWith('/tmp'))).toBe(true);
      expect(at(service, 'deploy', 'resources', 'limits', 'memory')).toBeDefined();
      expect(at(service, 'deploy', 'resources', 'limits', 'cpus')).toBeDefined();
      expect(Number(at(service, 'pids_limit'))).toBeGreaterThan(0);
    },
  );

  it('keeps the collector on the image user 1001 and its state on named volumes', () => {
    const user = at(collector, 'user');
    expect(user === undefined || /^1001(:1001)?$/.test(String(user as string | number))).toBe(true);
    const mounts = list(collector, 'volumes').map((volume) => String(volume).split(':')[1]);
    expect(under(String(env(collector, 'AUDIT_LOG_FILE')), mounts)).toBe(true);
    expect(under(String(env(collector, 'KNOWN_HOSTS_FILE')), mounts)).toBe(true);
  });

  it('publishes only the collector, on the port it listens on', () => {
    expect(env(collector, 'COLLECTOR_PORT')).toBe(String(PORT));
    const published = list(collector, 'ports').map((port) => String(port).split(':').pop());
    expect(published).toEqual([String(PORT)]);
    const withPorts = Object.keys(services).filter(
      (name) => at(services[name], 'ports') !== undefined,
    );
    expect(withPorts).toEqual(['collector']);
  });

  it('gives Redis 7 a password from the environment, protected mode, an LRU memory cap and a save policy', () => {
    expect(text(redis, 'image')).toMatch(/^redis:7\.\d+\.\d+/);
    expect(at(redis, 'ports')).toBeUndefined();
    const command = list(redis, 'command').join(' ');
    expect(command).toMatch(/--requirepass "\$\$REDIS_PASSWORD"/);
    expect(command).toMatch(/--protected-mode yes/);
    expect(command).toMatch(/--maxmemory \d+mb/);
    expect(command).toMatch(/--maxmemory-policy allkeys-lru/);
    expect(command).toMatch(/--save "\d+ \d+( \d+ \d+)*"/);
    expect(String(env(redis, 'REDIS_PASSWORD'))).toMatch(/^\$\{REDIS_PASSWORD:\?/);
    expect(String(env(collector, 'REDIS_PASSWORD'))).toMatch(/^\$\{REDIS_PASSWORD:\?/);
    expect(env(collector, 'REDIS_HOST')).toBe('redis');
  });

  it('lets only the collector reach Redis, on an internal network', () => {
    expect(list(redis, 'networks')).toHaveLength(1);
    const shared = text(redis, 'networks', 0);
    expect(at(compose, 'networks', shared, 'internal')).toBe(true);
    const members = Object.keys(services).filter((name) =>
      list(services[name], 'networks').includes(shared),
    );
    expect(members.sort()).toEqual(['collector', 'redis']);
    for (const name of list(collector, 'networks').map(String)) {
      if (name !== shared) {
        expect(
          at(compose, 'networks', name, 'driver_opts', 'com.docker.network.bridge.enable_icc'),
        ).toBe('false');
      }
    }
  });

  it('waits longer than REQUEST_TIMEOUT for the collector to stop', () => {
    const grace = Number(/^(\d+)s$/.exec(text(collector, 'stop_grace_period'))?.[1]);
    expect(grace).toBeGreaterThan(DEFAULTS.server.requestTimeoutMs / 1000);
  });
});

describe('.env.example', () => {
  const text = read('.env.example');
  const assignments = new Map(
    [...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]] as const),
  );

  it('lists every setting the service reads', () => {
    const missing = settingNames().filter((name) => !assignments.has(name));
    expect(missing).toEqual([]);
  });

  it('holds no secret values, only empty placeholders', () => {
    for (const name of ['API_KEYS', 'API_KEY', 'REDIS_PASSWORD', 'REDIS_URL', 'CORE1_PASSWORD']) {
      expect(assignments.get(name)).toBe('');
    }
  });

  it('parses as a configuration the service accepts', () => {
    const env = Object.fromEntries(
      [...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(() => loadConfiguration(env)).not.toThrow();
  });
});

describe('Kubernetes manifests', () => {
  const dir = 'config/kubernetes';
  const docs = readdirSync(join(ROOT, dir))
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) => loadAll(read(`${dir}/${file}`)));
  const one = (kind: string, name = 'tripleplay-sentinel'): unknown => {
    const match = docs.find(
      (doc) => at(doc, 'kind') === kind && at(doc, 'metadata', 'name') === name,
    );
    if (match === undefined) throw new Error(`no ${kind} ${name}`);
    return match;
  };
  const deployment = one('Deployment');
  const pod = at(deployment, 'spec', 'template', 'spec');
  const container = at(pod, 'containers', 0);
  const configMap = record(one('ConfigMap', 'tripleplay-sentinel-config'), 'data');
  const selector = at(deployment, 'spec', 'selector', 'matchLabels');

  it('runs two replicas as uid 1001, non-root, read-only, without capabilities, under seccomp', () => {
    expect(at(deployment, 'spec', 'replicas')).toBe(2);
    expect(at(pod, 'securityContext')).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(at(container, 'securityContext')).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(at(pod, 'automountServiceAccountToken')).toBe(false);
  });

  it('probes routes that exist, on the port the collector listens on', () => {
    const routes = healthRoutes();
    expect(at(container, 'startupProbe', 'httpGet', 'path')).toBe('/api/health/live');
    expect(at(container, 'livenessProbe', 'httpGet', 'path')).toBe('/api/health/live');
    expect(at(container, 'readinessProbe', 'httpGet', 'path')).toBe('/api/health/ready');
    const port = list(container, 'ports').find(
      (p) => at(p, 'name') === at(container, 'livenessProbe', 'httpGet', 'port'),
    );
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      expect(routes).toContain(at(container, probe, 'httpGet', 'path'));
      expect(at(container, probe, 'httpGet', 'port')).toBe(at(port, 'name'));
    }
    expect(at(port, 'containerPort')).toBe(PORT);
    expect(configMap.COLLECTOR_PORT).toBe(String(PORT));
    expect(at(one('Service'), 'spec', 'ports', 0)).toMatchObject({
      port: PORT,
      targetPort: at(port, 'name'),
    });
  });

  it('sets resources and writes only to emptyDir volumes', () => {
    const sizes = { cpu: expect.any(String), memory: expect.any(String) };
    expect(at(container, 'resources', 'requests')).toMatchObject(sizes);
    expect(at(container, 'resources', 'limits')).toMatchObject(sizes);
    const writable = list(container, 'volumeMounts').filter(
      (mount) => at(mount, 'readOnly') !== true,
    );
    for (const mount of writable) {
      const volume = list(pod, 'volumes').find((v) => at(v, 'name') === at(mount, 'name'));
      expect(at(volume, 'emptyDir')).toBeDefined();
    }
    const paths = writable.map((mount) => text(mount, 'mountPath'));
    expect(under(String(configMap.AUDIT_LOG_FILE), paths)).toBe(true);
    expect(under(String(configMap.KNOWN_HOSTS_FILE), paths)).toBe(true);
    expect(at(pod, 'terminationGracePeriodSeconds')).toBeGreaterThan(
      DEFAULTS.server.requestTimeoutMs / 1000,
    );
  });

  it('configures only settings the service knows, and they parse', () => {
    const known = new Set(settingNames());
    expect(Object.keys(configMap).filter((name) => !known.has(name))).toEqual([]);
    expect(() => loadConfiguration(configMap as Record<string, string>)).not.toThrow();
  });

  it('admits traffic from the monitoring namespace only, and lets it out to routers, Redis, DNS and syslog only', () => {
    const policy = at(one('NetworkPolicy'), 'spec');
    expect(at(policy, 'policyTypes')).toEqual(['Ingress', 'Egress']);
    expect(list(policy, 'ingress')).toHaveLength(1);
    expect(at(policy, 'ingress', 0, 'from')).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]);
    expect(at(policy, 'ingress', 0, 'ports')).toEqual([{ protocol: 'TCP', port: PORT }]);
    const egress = list(policy, 'egress');
    const egressPorts = egress.flatMap((rule) =>
      list(rule, 'ports').map((p) => Number(at(p, 'port'))),
    );
    expect([...new Set(egressPorts)].sort((a, b) => a - b)).toEqual([22, 53, 514, 6379]);
    // A rule without `to` would allow those ports to anywhere.
    expect(egress.every((rule) => list(rule, 'to').length > 0)).toBe(true);
  });

  it('scales from two replicas and keeps one through disruptions', () => {
    const hpa = at(one('HorizontalPodAutoscaler'), 'spec');
    expect(at(hpa, 'scaleTargetRef')).toMatchObject({
      kind: 'Deployment',
      name: at(deployment, 'metadata', 'name'),
    });
    expect(Number(at(hpa, 'minReplicas'))).toBeGreaterThanOrEqual(2);
    const pdb = at(one('PodDisruptionBudget'), 'spec');
    expect(at(pdb, 'minAvailable')).toBe(1);
    expect(at(pdb, 'selector', 'matchLabels')).toEqual(selector);
  });

  it('ships secret examples without a usable value', () => {
    const secrets = docs.filter((doc) => at(doc, 'kind') === 'Secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      for (const [name, value] of Object.entries(record(secret, 'stringData'))) {
        if (name === 'devices.yml') expect(value).toMatch(/REPLACE_WITH/);
        else expect(value).toBe('');
      }
    }
  });

  it('gives the in-cluster Redis a password and admits only the collector', () => {
    const redis = at(one('StatefulSet', 'redis'), 'spec', 'template', 'spec', 'containers', 0);
    const args = list(redis, 'args').join(' ');
    expect(args).toMatch(/--requirepass "\$REDIS_PASSWORD"/);
    expect(args).toMatch(/--protected-mode yes/);
    expect(args).toMatch(/--maxmemory-policy allkeys-lru/);
    expect(at(redis, 'securityContext')).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    const policy = at(one('NetworkPolicy', 'redis'), 'spec');
    expect(at(policy, 'ingress', 0, 'from', 0, 'podSelector', 'matchLabels')).toEqual(selector);
    expect(at(policy, 'egress')).toEqual([]);
  });

  it('lists in its kustomization only files that exist, Secrets left out', () => {
    const kustomization = load(read(`${dir}/kustomization.yaml`));
    for (const file of list(kustomization, 'resources').map(String)) {
      expect(existsSync(join(ROOT, dir, file))).toBe(true);
      expect(file).not.toMatch(/secret/);
    }
  });
});
