import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/core/ids.js';
import { parseVantage } from '../../src/probes/vantage.js';
import type { ScenarioSpec } from '../../src/lab/model.js';
import { renderNginxConf, userNginxPaths } from '../../src/lab/render/nginx.js';
import { proxyConfigPath, renderProject } from '../../src/lab/render/project.js';
import { dnsHosts, etcHosts, resolvConf } from '../../src/lab/runtime/hosts.js';
import { endpointsOf, serviceRules } from '../../src/lab/runtime/kubernetes.js';
import { labIdOf, layoutOf, namespacePrefixOf } from '../../src/lab/runtime/state.js';
import { SCENARIOS } from '../../src/lab/scenarios/index.js';
import { type PrivateUpdoc, privateUpdoc } from './private-updoc.js';

/**
 * The scenario declarations and what the lab renders from them, without root: every declaration is
 * consistent, the rendered Compose/nginx/HAProxy files are what a user of that setup has and `updoc lint`
 * follows them, namespaces and interfaces get valid names, DNS answers only names on shared networks.
 */

let updoc: PrivateUpdoc;
beforeAll(() => {
  updoc = privateUpdoc();
});
afterAll(() => updoc?.cleanup());
const runCli = (args: string[]) => updoc.run(args);

const ISSUE_SCENARIOS = [
  'healthy',
  'wrong-host-localhost',
  'bind-loopback',
  'not-listening',
  'port-mismatch',
  'different-networks',
  'dns-failure',
  'firewall-drop',
  'no-healthy-upstream-haproxy',
  'no-healthy-upstream-nginx',
  'startup-order',
  'keepalive-race',
  'slow-upstream',
  'upstream-reset',
  'resource-exhaustion',
  'plain-to-tls',
  'tls-to-plain',
  'localhost-ipv6',
  // Kubernetes: the field guide's most common cause there, and a Service pointing at the wrong port.
  'k8s-selector-mismatch',
  'k8s-target-port',
];

describe('scenario declarations', () => {
  it('cover every failure mode the lab issue lists, each name once', () => {
    expect(SCENARIOS.map((s) => s.name).sort()).toEqual([...ISSUE_SCENARIOS].sort());
  });

  it('no scenario name is another one followed by "-" (namespace prefixes must not overlap)', () => {
    for (const a of SCENARIOS) for (const b of SCENARIOS) if (a !== b) expect(b.name.startsWith(`${a.name}-`), `${a.name} / ${b.name}`).toBe(false);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s is consistent', (_name, s: ScenarioSpec) => {
    expect(s.name).toMatch(/^[a-z][a-z0-9-]{1,31}$/);
    if (s.cause !== null) expect(CAUSE_IDS).toContain(s.cause);
    const hosts = s.hosts.map((h) => h.name);
    expect(new Set(hosts).size).toBe(hosts.length);
    expect(hosts).not.toContain('net');
    expect(hosts).not.toContain('client');
    for (const h of s.hosts) for (const n of h.networks) expect(s.networks).toContain(n);
    expect(hosts).toContain(s.proxy.host);
    for (const b of s.backends) expect(hosts).toContain(b.host);
    if (s.platform !== 'vm') {
      // One container (pod) per service.
      expect(new Set([s.proxy.host, ...s.backends.map((b) => b.host)]).size).toBe(1 + s.backends.length);
      for (const b of s.backends) expect(b.host).toBe(b.service);
    }
    for (const f of s.faults ?? []) expect(hosts).toContain(f.host);
    const sources = ['proxy', ...s.backends.map((b) => b.service)];
    expect(s.evidence.length).toBeGreaterThan(0);
    for (const e of s.evidence) {
      expect(sources).toContain(e.source);
      // A signature is checked through `updoc logs`, which reads the proxy's logs and the listed backends'.
      if (e.signature && e.source !== 'proxy') expect(s.checks.logsBackends ?? []).toContain(e.source);
    }
    // Every single-source analysis a scenario holds to the cause is one of logs, lint, probe (diagnose always is).
    for (const check of s.checks.namedBy) expect(['logs', 'lint', 'probe']).toContain(check);
    for (const check of Object.keys(s.checks.knownMisses ?? {})) expect(s.checks.namedBy).toContain(check);
    for (const b of s.checks.logsBackends ?? []) expect(s.backends.map((x) => x.service)).toContain(b);
    const requests = s.traffic.phases.reduce((n, p) => n + p.count, 0);
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(200);
    expect(s.traffic.deadlineMs).toBeLessThanOrEqual(30_000);
  });

  it('the healthy baseline holds every analysis to reporting no problem', () => {
    const healthy = SCENARIOS.find((s) => s.name === 'healthy') as ScenarioSpec;
    expect(healthy.cause).toBeNull();
    expect([...healthy.checks.namedBy].sort()).toEqual(['lint', 'logs', 'probe']);
    expect(healthy.checks.knownMisses).toBeUndefined();
  });
});

describe('layout: namespaces, interfaces, addresses', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, s: ScenarioSpec) => {
    const layout = layoutOf(s);
    const names = [layout.netNamespace, layout.clientNamespace, ...layout.hosts.map((h) => h.namespace)];
    expect(new Set(names).size).toBe(names.length);
    for (const ns of names) {
      expect(ns.startsWith('updoc-lab-')).toBe(true);
      // `--from netns:NAME` must accept every one of them.
      expect(parseVantage(`netns:${ns}`)).toEqual({ kind: 'netns', name: ns });
    }
    for (const n of layout.networks) expect(n.bridge.length).toBeLessThanOrEqual(15);
    const addresses = [layout.clientAddress, ...layout.hosts.flatMap((h) => Object.values(h.addresses))];
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const a of addresses) expect(a).toMatch(/^198\.1[89]\.\d{1,3}\.\d{1,3}$/);
    const proxy = layout.hosts.find((h) => h.name === s.proxy.host);
    expect(Object.keys(proxy?.addresses ?? {})).toContain('outside');
    for (const h of layout.hosts) if (h.name !== s.proxy.host) expect(Object.keys(h.addresses)).not.toContain('outside');
  });
});

describe('instances: several copies of a scenario on one machine', () => {
  it("an instance gets namespaces and a state directory of its own, none a prefix of another copy's", () => {
    for (const s of SCENARIOS) {
      const a = layoutOf(s);
      const b = layoutOf(s, 't4194304');
      expect(b.stateDir).toBe(`/run/updoc-lab/${s.name}.t4194304`);
      for (const ns of [b.netNamespace, b.clientNamespace, ...b.hosts.map((h) => h.namespace)]) {
        expect(parseVantage(`netns:${ns}`)).toEqual({ kind: 'netns', name: ns });
        expect(ns.startsWith(namespacePrefixOf(labIdOf(s.name, 't4194304')))).toBe(true);
        expect(ns.startsWith(namespacePrefixOf(s.name))).toBe(false);
      }
      for (const ns of [a.netNamespace, ...a.hosts.map((h) => h.namespace)]) expect(ns.startsWith(namespacePrefixOf(labIdOf(s.name, 't4194304')))).toBe(false);
    }
  });
});

describe('DNS and /etc files inside the hosts', () => {
  const differentNetworks = SCENARIOS.find((s) => s.name === 'different-networks') as ScenarioSpec;
  const healthy = SCENARIOS.find((s) => s.name === 'healthy') as ScenarioSpec;

  it("answers only the names of hosts on a shared network, as Docker's DNS does", () => {
    const layout = layoutOf(differentNetworks);
    const proxy = layout.hosts.find((h) => h.name === 'proxy');
    const api = layout.hosts.find((h) => h.name === 'api');
    if (!proxy || !api) throw new Error('hosts missing');
    expect(dnsHosts(differentNetworks, layout, proxy)).toMatch(/\tproxy shop-proxy-1\n$/);
    expect(dnsHosts(differentNetworks, layout, proxy)).not.toMatch(/\bapi\b/);
    expect(dnsHosts(differentNetworks, layout, api)).not.toMatch(/\bproxy\b/);
  });

  it('a shared network makes the names resolvable, at the address on that network', () => {
    const layout = layoutOf(healthy);
    const proxy = layout.hosts.find((h) => h.name === 'proxy');
    if (!proxy) throw new Error('proxy missing');
    const api = layout.hosts.find((h) => h.name === 'api');
    expect(dnsHosts(healthy, layout, proxy)).toContain(`${api?.addresses.front}\tapi shop-api-1\n`);
  });

  it('/etc/hosts maps localhost to 127.0.0.1 and ::1 (what makes localhost two upstreams for nginx)', () => {
    for (const s of [healthy, SCENARIOS.find((x) => x.name === 'localhost-ipv6') as ScenarioSpec]) {
      const hosts = etcHosts(s, layoutOf(s).hosts[0]);
      expect(hosts).toMatch(/^127\.0\.0\.1\tlocalhost$/m);
      expect(hosts).toMatch(/^::1\tlocalhost ip6-localhost ip6-loopback$/m);
    }
  });
});

describe('Kubernetes: Services, endpoints, kube-proxy rules, cluster DNS', () => {
  const selector = SCENARIOS.find((s) => s.name === 'k8s-selector-mismatch') as ScenarioSpec;
  const targetPort = SCENARIOS.find((s) => s.name === 'k8s-target-port') as ScenarioSpec;
  const service = (s: ScenarioSpec, name: string) => {
    const found = s.services?.find((x) => x.name === name);
    if (!found) throw new Error(`no service ${name}`);
    return found;
  };

  it('a selector that matches no pod leaves the Service without endpoints: kube-proxy rejects its ClusterIP', () => {
    const layout = layoutOf(selector);
    expect(endpointsOf(selector, layout, service(selector, 'api'))).toEqual([]);
    expect(endpointsOf(selector, layout, service(selector, 'proxy')).map((e) => e.pod)).toEqual(['proxy']);
    const rules = serviceRules(selector, layout);
    expect(rules).toMatch(/ip daddr 198\.19\.0\.21 tcp dport 80 reject comment "shop\/api has no endpoints"/);
    expect(rules).not.toMatch(/198\.19\.0\.21 tcp dport 80 dnat/);
  });

  it('a matching selector gets an endpoint at the targetPort (a number as written, a name resolved per pod)', () => {
    const layout = layoutOf(targetPort);
    const api = layout.hosts.find((h) => h.name === 'api');
    expect(endpointsOf(targetPort, layout, service(targetPort, 'api'))).toEqual([{ pod: 'api', address: api?.addresses.pods, port: 8080 }]);
    expect(serviceRules(targetPort, layout)).toContain(`ip daddr 198.19.0.21 tcp dport 80 dnat to ${api?.addresses.pods}:8080`);
    const named = endpointsOf(targetPort, layout, service(targetPort, 'proxy'));
    expect(named.map((e) => e.port)).toEqual([80]);
  });

  it('pods resolve Services through the search list, as CoreDNS answers them', () => {
    expect(resolvConf(selector)).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 198.19.0.10\noptions ndots:5\n');
    const layout = layoutOf(selector);
    expect(dnsHosts(selector, layout, layout.hosts[0])).toBe('198.19.0.20\tproxy.shop.svc.cluster.local\n198.19.0.21\tapi.shop.svc.cluster.local\n');
  });
});

describe('rendered project files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'updoc-lab-render-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (s: ScenarioSpec): string => {
    const root = join(dir, s.name);
    for (const [path, content] of Object.entries(renderProject(s))) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  };

  it.each(SCENARIOS.filter((s) => s.platform === 'compose').map((s) => [s.name, s] as const))(
    '%s: a Compose project mounting the proxy config, which lint follows to the backend',
    (_name, s: ScenarioSpec) => {
      const files = renderProject(s);
      const compose = parse(files['docker-compose.yml']) as {
        name: string;
        services: Record<string, { volumes?: string[]; networks?: string[]; environment?: Record<string, string>; expose?: string[] }>;
        networks: Record<string, unknown>;
      };
      expect(compose.name).toBe(s.project);
      expect(Object.keys(compose.services).sort()).toEqual([s.proxy.service, ...s.backends.map((b) => b.service)].sort());
      const config = proxyConfigPath(s);
      expect(compose.services[s.proxy.service].volumes).toEqual([`./${config.project}:${config.inside}:ro`]);
      expect(Object.keys(compose.networks).sort()).toEqual([...s.networks].sort());
      for (const b of s.backends) {
        expect(compose.services[b.service].environment).toEqual(b.environment);
        expect(compose.services[b.service].networks).toEqual(s.hosts.find((h) => h.name === b.host)?.networks);
      }
      const r = runCli(['lint', write(s), '--json']);
      expect([0, 1], r.stderr).toContain(r.code);
      const lint = JSON.parse(r.stdout) as { summary: { paths: { resolved: number; broken: number; unknown: number } }; findings: { rule: string }[] };
      // Compose + nginx/HAProxy topology: every proxy → backend path is followed to a verdict, none left unknown.
      expect(lint.summary.paths.unknown, JSON.stringify(lint.summary)).toBe(0);
      expect(lint.summary.paths.resolved + lint.summary.paths.broken).toBeGreaterThan(0);
      expect(lint.findings.filter((f) => f.rule.startsWith('input/'))).toEqual([]);
    },
  );

  it.each(SCENARIOS.filter((s) => s.platform === 'vm').map((s) => [s.name, s] as const))(
    "%s: a VM's /etc files (nginx.conf, the app's systemd unit) that lint reads without input errors",
    (_name, s: ScenarioSpec) => {
      const files = renderProject(s);
      expect(Object.keys(files)).toContain(`${s.proxy.host}/etc/nginx/nginx.conf`);
      for (const b of s.backends) expect(files[`${b.host}/etc/systemd/system/${b.service}.service`]).toContain(`Environment=PORT=${b.environment.PORT}`);
      const r = runCli(['lint', write(s), '--json']);
      const lint = JSON.parse(r.stdout) as { findings: { rule: string }[] };
      expect(lint.findings.filter((f) => f.rule.startsWith('input/'))).toEqual([]);
    },
  );

  it.each(SCENARIOS.filter((s) => s.platform === 'kubernetes').map((s) => [s.name, s] as const))(
    '%s: manifests (ConfigMap with nginx.conf, Deployments, Services) that lint follows to the backend',
    (_name, s: ScenarioSpec) => {
      const files = renderProject(s);
      const docs = Object.entries(files)
        .filter(([path]) => path.endsWith('.yaml'))
        .flatMap(([, text]) =>
          parseAllDocuments(text).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string }; data?: Record<string, string> }),
        );
      expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual(
        [
          'ConfigMap/proxy-nginx',
          'Deployment/proxy',
          ...s.backends.map((b) => `Deployment/${b.service}`),
          ...(s.services ?? []).map((x) => `Service/${x.name}`),
        ].sort(),
      );
      for (const d of docs) expect(d.metadata.namespace).toBe(s.project);
      const configMap = docs.find((d) => d.kind === 'ConfigMap');
      if (s.proxy.kind !== 'nginx') throw new Error('nginx expected');
      expect(configMap?.data?.['nginx.conf']).toBe(renderNginxConf(s.proxy, userNginxPaths('kubernetes')));
      const r = runCli(['lint', write(s), '--json']);
      const lint = JSON.parse(r.stdout) as { summary: { paths: { resolved: number; broken: number; unknown: number } }; findings: { rule: string }[] };
      expect(lint.summary.paths.unknown, JSON.stringify(lint.summary)).toBe(0);
      expect(lint.summary.paths.resolved + lint.summary.paths.broken).toBeGreaterThan(0);
      expect(lint.findings.filter((f) => f.rule.startsWith('input/'))).toEqual([]);
    },
  );

  it('firewall-drop renders the nftables.conf whose rule the lab loads', () => {
    const s = SCENARIOS.find((x) => x.name === 'firewall-drop') as ScenarioSpec;
    expect(renderProject(s)['app-vm/etc/nftables.conf']).toMatch(/tcp dport 3000 drop/);
  });

  it("the runtime nginx.conf differs from the user's only in process-level lines (user, pid, log and temp paths)", () => {
    for (const s of SCENARIOS) {
      if (s.proxy.kind !== 'nginx') continue;
      const user = renderNginxConf(s.proxy, userNginxPaths(s.platform)).split('\n');
      const runtime = renderNginxConf(s.proxy, {
        user: 'root',
        errorLog: '/run/x/error.log',
        accessLog: '/run/x/access.log',
        pid: '/run/x/nginx.pid',
        mimeTypes: '/etc/nginx/mime.types',
        tempDir: '/run/x/tmp',
      }).split('\n');
      const differing = runtime.filter((line) => !user.includes(line));
      for (const line of differing) expect(line).toMatch(/^(user |error_log |pid |\s+access_log |\s+\w+_temp_path |$)/);
    }
  });

  it('nginx accepts every rendered runtime configuration (nginx -t)', () => {
    const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => spawnSync(p, ['-v']).status === 0);
    if (!nginx) {
      console.warn('[skipped check] nginx is not installed');
      return;
    }
    for (const s of SCENARIOS) {
      if (s.proxy.kind !== 'nginx') continue;
      const root = join(dir, `t-${s.name}`);
      mkdirSync(join(root, 'tmp'), { recursive: true });
      // Names resolve at start-up: test the syntax with the upstream hosts replaced by loopback.
      const text = renderNginxConf(s.proxy, {
        user: process.getuid?.() === 0 ? 'root' : 'nobody',
        errorLog: join(root, 'error.log'),
        accessLog: join(root, 'access.log'),
        pid: join(root, 'nginx.pid'),
        tempDir: join(root, 'tmp'),
      }).replace(/(https?:\/\/|server )(?!127\.)[a-z][\w-]*(?=[:;\s])/g, '$1127.0.0.1');
      writeFileSync(join(root, 'nginx.conf'), text.replace(/resolver [^;]+;/, 'resolver 127.0.0.1;'));
      const r = spawnSync(nginx, ['-t', '-p', root, '-c', join(root, 'nginx.conf'), '-e', join(root, 'error.log')], { encoding: 'utf8', timeout: 10_000 });
      expect(r.status, `${s.name}: ${r.stderr}`).toBe(0);
    }
  });
});

describe('updoc lab without root', () => {
  it('list --json gives name, cause and description for every scenario', () => {
    const r = runCli(['lab', 'list', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; cause: string | null; description: string }[];
    expect(list.map((s) => s.name)).toEqual(SCENARIOS.map((s) => s.name));
    for (const s of list) {
      expect(typeof s.description).toBe('string');
      expect(s.cause === null || (CAUSE_IDS as readonly string[]).includes(s.cause)).toBe(true);
    }
  });

  it('usage errors exit 2 with a reason', () => {
    for (const args of [
      ['lab'],
      ['lab', 'fly'],
      ['lab', 'up'],
      ['lab', 'up', 'no-such-scenario'],
      ['lab', 'run', 'healthy', '--all'],
      ['lab', 'up', 'healthy', '--keep'],
      ['lab', 'run', 'healthy', '--repeat', '0'],
      // The internal subcommands, given a spec they cannot read: a clear error, not a crash.
      ['lab', 'serve-backend', '/nonexistent/backend.json'],
      ['lab', 'drive', '/nonexistent/drive.json'],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/updoc lab: /);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });

  const asRoot = process.getuid?.() === 0;
  const setpriv = asRoot && spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(asRoot && !setpriv)('up, run and down refuse to run without root, saying why, and create nothing', () => {
    for (const sub of [
      ['up', 'healthy'],
      ['run', 'healthy'],
      ['down', '--all'],
    ]) {
      const argv = [updoc.bin, 'lab', ...sub];
      const r = asRoot
        ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...argv], { encoding: 'utf8', timeout: 20_000 })
        : spawnSync(process.execPath, argv, { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/needs root/);
    }
  });
});
