import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CauseId } from '../../src/core/ids.js';
import { diagnoseProject } from '../../src/diagnosis/diagnose.js';
import { diagnoseTarget } from '../../src/diagnosis/probe.js';
import { addProbeEvidence } from '../../src/evidence/diagnose/from-probe.js';
import { EvidenceCollector } from '../../src/evidence/diagnose/model.js';
import type { ListeningSocket } from '../../src/probes/local/model.js';
import type { AddressReport, TargetReport } from '../../src/probes/run-probe.js';

/**
 * Setups as the lab reproduces them (configs as rendered, the proxy's logs, a probe from the proxy's network
 * namespace), where one source alone names the wrong cause: the probe sees "nothing listens on 8080" (not-listening)
 * while the configs show the backend on 3000; a Service name refuses (kube-proxy, no endpoints); names do not resolve
 * because the proxy shares no network with the backend; `localhost` resolves to ::1 while the server holds 127.0.0.1;
 * the backend itself answers 503. The probe reports are built as the probe engine does and read by its own verdict
 * (`diagnoseTarget`); only the network is left out.
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'updoc-diagnose-scenarios-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(root: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function listener(address: string, port: number, family: 4 | 6): ListeningSocket {
  return {
    address,
    port,
    family,
    scope: /^127\.|^::1$/.test(address) ? 'loopback' : address === '0.0.0.0' || address === '::' ? 'wildcard' : 'specific',
    inode: 1,
  };
}

function address(ip: string, port: number, outcome: { code?: string; listeners?: ListeningSocket[]; status?: number }): AddressReport {
  const family = ip.includes(':') ? 6 : 4;
  const connected = outcome.code === undefined;
  return {
    address: ip,
    family,
    port,
    connect: connected ? { ok: true, ms: 1, meaning: 'connected' } : { ok: false, ms: 1, code: outcome.code, meaning: `${outcome.code}` },
    ...(outcome.status !== undefined
      ? {
          http: {
            protocol: 'http/1.1',
            method: 'GET',
            path: '/',
            ok: true,
            status: outcome.status,
            headers: {},
            bodySnippet: 'Service Unavailable',
            bodyBytes: 19,
            bodyTruncated: false,
            ms: 2,
            meaning: `answered ${outcome.status}`,
            recognised: { pages: [], signatures: [], hints: [] },
          },
        }
      : {}),
    ...(outcome.listeners
      ? {
          local: {
            address: ip,
            port,
            namespace: { inode: 4026532000, current: false },
            listeners: outcome.listeners,
            accepts: outcome.listeners.some((l) => l.scope === 'wildcard' || l.address === ip),
            firewall: [],
            notes: [],
          },
        }
      : {}),
    timing: { connectMs: 1, totalMs: 2 },
    ok: connected && (outcome.status ?? 200) < 500,
  };
}

/** A probe report as `updoc probe` makes it, with the probe's own verdict. */
function probeReport(url: string, addresses: AddressReport[], dnsOk = true): TargetReport {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port);
  const steps: TargetReport['steps'] = [];
  if (dnsOk) steps.push({ step: 'dns', ok: true, ms: 1, detail: `${host} → ${addresses.map((a) => a.address).join(', ')}` });
  for (const a of addresses) {
    const where = a.family === 6 ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
    steps.push({ step: 'tcp', ok: a.connect.ok, ms: 1, address: where, ...(a.connect.code ? { code: a.connect.code } : {}), detail: a.connect.meaning });
    if (a.local)
      steps.push({
        step: 'local',
        ok: true,
        ms: 0,
        address: where,
        detail: `listening: ${a.local.listeners.map((l) => `${l.address}:${l.port}`).join(', ') || 'nothing'}`,
      });
    if (a.http) steps.push({ step: 'http', ok: true, ms: 1, address: where, detail: `HTTP ${a.http.status}` });
  }
  const report: TargetReport = { target: url, input: url, scheme: 'http', host, port, ok: false, summary: '', causes: [], steps, addresses, ms: 3 };
  return { ...report, ...diagnoseTarget(report) };
}

const refusedLine = (upstream: string, i = 1) =>
  `2026/11/20 09:14:0${i} [error] 22#22: *${i} connect() failed (111: Connection refused) while connecting to upstream, client: 198.18.0.1, server: _, request: "GET /api/orders HTTP/1.1", upstream: "http://${upstream}/api/orders", host: "localhost:8080"`;

const compose = (apiNetworks: string, proxyNetworks: string, port: number) =>
  `services:\n  proxy:\n    image: nginx:1.27-alpine\n    volumes:\n      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\n    networks: [${proxyNetworks}]\n  api:\n    image: node:20-alpine\n    environment:\n      HOST: "0.0.0.0"\n      PORT: "${port}"\n    expose:\n      - "${port}"\n    networks: [${apiNetworks}]\nnetworks:\n  front: {}\n  back: {}\n`;

const nginx = (target: string) => `events {}\nhttp {\n  server {\n    listen 80;\n    location /api/ {\n      proxy_pass http://${target};\n    }\n  }\n}\n`;

async function diagnoseWithProbe(root: string, reports: TargetReport[]) {
  return diagnoseProject({ paths: [root], cwd: dir, from: 'netns:updoc-test-proxy', probe: async () => ({ reports }) });
}

const top = (report: { causes: { id: CauseId }[] }) => report.causes[0]?.id;

describe('the probe alone would name the wrong cause; with the configs diagnose does not', () => {
  it('port-mismatch: the probe finds nothing on 8080, the configs show the API on 3000', async () => {
    const root = write(join(dir, 'port-mismatch'), {
      'docker-compose.yml': compose('front', 'front', 3000),
      'nginx/nginx.conf': nginx('api:8080'),
      'logs/proxy/error.log': `${[1, 2, 3].map((i) => refusedLine('198.18.0.3:8080', i)).join('\n')}\n`,
    });
    const probe = probeReport('http://api:8080/', [address('198.18.0.3', 8080, { code: 'ECONNREFUSED', listeners: [] })]);
    expect(probe.causes[0]?.id).toBe('not-listening');
    const report = await diagnoseWithProbe(root, [probe]);
    expect(top(report)).toBe('port-mismatch');
    expect(report.verdict.status).toBe('problem');
  });

  it('near miss: nothing on the port and nothing in the configs says otherwise — not-listening (a VM, the API stopped)', async () => {
    const root = write(join(dir, 'not-listening'), {
      'web-vm/etc/nginx/nginx.conf': nginx('127.0.0.1:3000'),
      'logs/error.log': `${[1, 2, 3].map((i) => refusedLine('127.0.0.1:3000', i)).join('\n')}\n`,
    });
    const probe = probeReport('http://127.0.0.1:3000/', [address('127.0.0.1', 3000, { code: 'ECONNREFUSED', listeners: [] })], false);
    const report = await diagnoseProject({ paths: [root], cwd: dir, environment: 'vm', from: 'netns:x', probe: async () => ({ reports: [probe] }) });
    expect(top(report)).toBe('not-listening');
    expect(report.reasoning.find((s) => s.stage === 'running')?.answer).toBe('no');
  });

  it('no-endpoints: a Service name refuses (kube-proxy rejects a Service without ready endpoints)', async () => {
    const probe = probeReport('http://cart.shop.svc.cluster.local:80/', [address('10.96.14.2', 80, { code: 'ECONNREFUSED' })]);
    const c = new EvidenceCollector();
    addProbeEvidence(c, [probe], { vantage: 'netns:x', proxyVantage: true });
    const scores = c.groups[0]?.scores ?? {};
    expect((scores['no-endpoints'] ?? 0) > (scores['not-listening'] ?? 0)).toBe(true);
    // With the configs (the selector matches no pod), the verdict is settled.
    const report = await diagnoseProject({ paths: ['examples/diagnose-k8s-no-endpoints'], from: 'netns:x', probe: async () => ({ reports: [probe] }) });
    expect(top(report)).toBe('no-endpoints');
    expect(report.verdict.status).toBe('problem');
  });

  it('near miss: the same refusal on a pod IP is not read as no-endpoints', () => {
    const probe = probeReport('http://10.244.1.7:8080/', [address('10.244.1.7', 8080, { code: 'ECONNREFUSED' })], false);
    const c = new EvidenceCollector();
    addProbeEvidence(c, [probe], { vantage: 'netns:x', proxyVantage: true });
    expect(c.groups[0]?.scores['no-endpoints'] ?? 0).toBe(0);
  });

  it('network-blocked: names do not resolve because the proxy shares no network with the API', async () => {
    const root = write(join(dir, 'different-networks'), {
      'docker-compose.yml': compose('back', 'front', 3000),
      'nginx/nginx.conf': nginx('api:3000'),
      'logs/proxy/error.log':
        '2026/11/20 09:14:01 [error] 22#22: *1 api could not be resolved (3: Host not found), client: 198.18.0.1, server: _, request: "GET /api/orders HTTP/1.1", host: "localhost:8080"\n',
    });
    const report = await diagnoseProject({ paths: [root], cwd: dir });
    expect(report.causes.map((c) => c.id).slice(0, 2)).toContain('dns-failure');
    expect(top(report)).toBe('network-blocked');
  });

  /** A name the proxy's resolver does not know, as `updoc probe` reports it. */
  const unresolved = (url: string): TargetReport => {
    const u = new URL(url);
    const report: TargetReport = {
      target: url,
      input: url,
      scheme: 'http',
      host: u.hostname,
      port: Number(u.port),
      ok: false,
      summary: '',
      causes: [],
      steps: [{ step: 'dns', ok: false, ms: 1, code: 'ENOTFOUND', detail: `getaddrinfo ${u.hostname}: NOTFOUND (ENOTFOUND)` }],
      dns: {
        name: u.hostname,
        resolvConf: { source: '/etc/resolv.conf', nameservers: ['127.0.0.11'], search: [], ndots: 0, options: [], notes: [] },
        expansion: { rule: 'the name as given', candidates: [] },
        system: { ms: 1, outcome: 'NOTFOUND', addresses: [], code: 'ENOTFOUND' },
        direct: [],
        disagreements: [],
        addresses: [],
        ok: false,
      },
      addresses: [],
      ms: 1,
    };
    return { ...report, ...diagnoseTarget(report) };
  };
  const hostNotFound = '2026/11/20 09:14:00 [emerg] 1#1: host not found in upstream "api" in /etc/nginx/nginx.conf:6\n';

  it('network-blocked: the logs and the probe both read dns-failure; the configs show why the name is missing', async () => {
    const root = write(join(dir, 'different-networks-probed'), {
      'docker-compose.yml': compose('back', 'front', 3000),
      'nginx/nginx.conf': nginx('api:3000'),
      'logs/proxy/error.log': hostNotFound,
    });
    const probe = unresolved('http://api:3000/');
    expect(probe.causes[0]?.id).toBe('dns-failure');
    const report = await diagnoseWithProbe(root, [probe]);
    expect(top(report)).toBe('network-blocked');
    expect(report.verdict.status).toBe('problem');
  });

  it('near miss: the same unresolved name with the proxy and the API on one network is dns-failure', async () => {
    const root = write(join(dir, 'shared-network-unresolved'), {
      'docker-compose.yml': compose('front', 'front', 3000),
      'nginx/nginx.conf': nginx('orders-api:3000'),
      'logs/proxy/error.log': hostNotFound.replace('"api"', '"orders-api"'),
    });
    const report = await diagnoseWithProbe(root, [unresolved('http://orders-api:3000/')]);
    expect(top(report)).toBe('dns-failure');
  });

  it('no-endpoints: refused in the logs and live on the Service, the selector matches no pod', async () => {
    const probe = probeReport('http://cart.shop.svc.cluster.local:80/', [address('10.96.14.2', 80, { code: 'ECONNREFUSED' })]);
    const root = write(join(dir, 'no-endpoints-logs'), { 'logs/error.log': `${[1, 2, 3].map((i) => refusedLine('10.96.14.2:80', i)).join('\n')}\n` });
    const report = await diagnoseProject({
      paths: ['examples/diagnose-k8s-no-endpoints', root],
      from: 'netns:x',
      probe: async () => ({ reports: [probe] }),
    });
    expect(top(report)).toBe('no-endpoints');
  });

  it('dns-failure: Envoy answers UH for a STRICT_DNS name no Compose service has; the log names only the :authority', async () => {
    const fixture = 'test/fixtures/diagnose-heldout/envoy-strict-dns-wrong-name';
    const report = await diagnoseProject({ paths: [fixture] });
    expect(top(report)).toBe('dns-failure');
    // Near miss: the same logs with the name right in the configs — the empty pool is not explained by a name.
    const root = join(dir, 'envoy-name-right');
    cpSync(fixture, root, { recursive: true });
    writeFileSync(join(root, 'envoy.yaml'), readFileSync(join(fixture, 'envoy.yaml'), 'utf8').replace('address: users-service', 'address: users'));
    const right = await diagnoseProject({ paths: [root], cwd: dir });
    expect(top(right)).not.toBe('dns-failure');
  });

  it('wrong-host-localhost: `localhost` is refused on ::1 while the server listens on 127.0.0.1 only (same host)', async () => {
    const root = write(join(dir, 'localhost-ipv6'), {
      'etc/nginx/nginx.conf': nginx('localhost:3000'),
      'logs/error.log': `${[1, 2].map((i) => refusedLine('[::1]:3000', i)).join('\n')}\n`,
    });
    const v4 = listener('127.0.0.1', 3000, 4);
    const probe = probeReport('http://localhost:3000/', [
      address('::1', 3000, { code: 'ECONNREFUSED', listeners: [v4] }),
      address('127.0.0.1', 3000, { listeners: [v4], status: 200 }),
    ]);
    const report = await diagnoseWithProbe(root, [probe]);
    expect(top(report)).toBe('wrong-host-localhost');
    expect(report.causes.find((c) => c.id === 'bind-loopback')?.score ?? 0).toBeLessThan(0.2);
  });

  it('near miss: refused on the backend host address with a listener on 127.0.0.1 is bind-loopback', () => {
    const probe = probeReport(
      'http://198.18.0.3:3000/',
      [address('198.18.0.3', 3000, { code: 'ECONNREFUSED', listeners: [listener('127.0.0.1', 3000, 4)] })],
      false,
    );
    const c = new EvidenceCollector();
    addProbeEvidence(c, [probe], { vantage: 'netns:x', proxyVantage: true });
    const local = c.evidence.find((e) => e.source.step === 'local');
    expect(local?.supports[0]).toBe('bind-loopback');
    expect(local?.rulesOut).toEqual(['not-listening']);
  });

  it('no-healthy-upstream: the backend answers 503 itself while the proxy has no healthy server', async () => {
    const root = write(join(dir, 'no-healthy'), {
      'docker-compose.yml': compose('front', 'front', 3000),
      'nginx/nginx.conf': `events {}\nhttp {\n  upstream api_pool {\n    server api:3000 max_fails=1 fail_timeout=30s;\n  }\n  server {\n    listen 80;\n    location /api/ {\n      proxy_pass http://api_pool;\n    }\n  }\n}\n`,
      'logs/proxy/error.log': [1, 2, 3]
        .map(
          (i) =>
            `2026/11/20 09:14:0${i} [error] 22#22: *${i} no live upstreams while connecting to upstream, client: 198.18.0.1, server: _, request: "GET /api/orders HTTP/1.1", upstream: "http://api_pool/api/orders", host: "localhost:8080"`,
        )
        .join('\n'),
    });
    const probe = probeReport('http://api:3000/', [address('198.18.0.3', 3000, { status: 503 })]);
    expect(probe.causes[0]?.id).toBe('other');
    const report = await diagnoseWithProbe(root, [probe]);
    expect(top(report)).toBe('no-healthy-upstream');
    expect(report.ruledOut.map((r) => r.id)).toEqual(expect.arrayContaining(['not-listening', 'wrong-host-localhost']));
  });
});

describe('the path the failure is about', () => {
  const twoLocations = `events {}\nhttp {\n  server {\n    listen 80;\n    location /api/ {\n      proxy_pass http://api:3000;\n    }\n    location /web/ {\n      proxy_pass http://web:8080;\n    }\n  }\n}\n`;
  const refused = (upstream: string) =>
    `2026/11/20 09:14:01 [error] 22#22: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 198.18.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://${upstream}/", host: "localhost"`;

  it('is the one a pasted message names: its checks probe that upstream, not the first path', async () => {
    const root = write(join(dir, 'two-locations'), { 'nginx/nginx.conf': twoLocations });
    const web = await diagnoseProject({ paths: [root], cwd: dir, messages: [refused('web:8080')] });
    expect(web.nextChecks[0]?.command).toContain('http://web:8080/');
    // Near miss: the message names the first path's upstream.
    const api = await diagnoseProject({ paths: [root], cwd: dir, messages: [refused('api:3000')] });
    expect(api.nextChecks[0]?.command).toContain('http://api:3000/');
  });
});
