import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseProject } from '../../src/diagnosis/diagnose.js';

/**
 * `--live` for real, on loopback only: a proxy config on this host (so this host is the proxy's vantage), real HTTP
 * servers bound by the test, real probes with the local inspection of listeners. The case: "refused" in the
 * log and a backend that listens on 127.0.0.1 only (seen by the probe's local side) settles bind-loopback.
 */

let dir: string;
const servers: Server[] = [];

async function listen(host: string): Promise<number> {
  const server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: bound, closed, not reused within the test. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function project(name: string, target: string, logLines: string[] = []): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'logs'), { recursive: true });
  writeFileSync(
    join(root, 'nginx.conf'),
    `events {}\nhttp {\n  server {\n    listen 8080;\n    location / {\n      proxy_pass http://${target};\n    }\n  }\n}\n`,
  );
  if (logLines.length) writeFileSync(join(root, 'logs', 'error.log'), `${logLines.join('\n')}\n`);
  return root;
}

const refusedLine = (i: number, upstream: string) =>
  `2026/11/20 09:14:0${i} [error] 31#31: *${i} connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://${upstream}/", host: "localhost:8080"`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'updoc-diagnose-live-'));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  rmSync(dir, { recursive: true, force: true });
});

describe('diagnose --live probes what the configs point at', () => {
  it('refused in the log + a listener on 127.0.0.1 only (probe, local side) settles bind-loopback and rules out not-listening', async () => {
    const port = await listen('127.0.0.1');
    // The proxy is configured with another loopback address of this host: the listener does not accept it.
    const root = project(
      'bind-loopback',
      `127.0.0.2:${port}`,
      [1, 2, 3, 4].map((i) => refusedLine(i, `127.0.0.2:${port}`)),
    );
    const report = await diagnoseProject({ paths: [root], live: true, cwd: dir });
    expect(report.inputs.read.some((r) => r.kind === 'probe' && r.name === `http://127.0.0.2:${port}/`)).toBe(true);
    const local = report.evidence.find((e) => e.source.kind === 'probe' && e.source.step === 'local');
    expect(local?.summary).toContain(`127.0.0.1:${port} (loopback`);
    expect(local?.rulesOut).toContain('not-listening');
    expect(report.causes[0]?.id).toBe('bind-loopback');
    expect(report.verdict.status).toBe('problem');
    expect(report.causes.find((c) => c.id === 'not-listening')?.score ?? 0).toBeLessThan(0.05);
    expect(report.ruledOut.map((r) => r.id)).toContain('not-listening');
    expect(report.reasoning.find((s) => s.stage === 'running')?.answer).toBe('yes');
  });

  it('near miss: the same refusals with nothing listening at all point at not-listening', async () => {
    const port = await closedPort();
    const root = project(
      'not-listening',
      `127.0.0.1:${port}`,
      [1, 2, 3].map((i) => refusedLine(i, `127.0.0.1:${port}`)),
    );
    const report = await diagnoseProject({ paths: [root], live: true, cwd: dir });
    expect(report.causes[0]?.id).toBe('not-listening');
    const local = report.evidence.find((e) => e.source.kind === 'probe' && e.source.step === 'local');
    expect(local?.answer).toBe('no');
    expect(report.reasoning.find((s) => s.stage === 'running')?.answer).toBe('no');
  });

  it('a healthy backend answering from the proxy vantage: no problem', async () => {
    const port = await listen('127.0.0.1');
    const root = project('healthy', `127.0.0.1:${port}`);
    const report = await diagnoseProject({ paths: [root], live: true, cwd: dir });
    expect(report.verdict.status).toBe('no-problem');
    expect(report.verdict.headline).toContain('1 target answering live');
    const answered = report.evidence.find((e) => e.source.kind === 'probe' && e.answer === 'yes');
    expect(answered?.rulesOut).toEqual(expect.arrayContaining(['not-listening', 'wrong-host-localhost', 'bind-loopback', 'port-mismatch']));
  });

  it('--target probes a URL without configs; a bad URL is reported as could not read', async () => {
    const port = await listen('127.0.0.1');
    const report = await diagnoseProject({ paths: [], targets: [`http://127.0.0.1:${port}/health`, 'http://exa mple:80/'], cwd: dir });
    expect(report.inputs.read.map((r) => r.name)).toContain(`http://127.0.0.1:${port}/health`);
    expect(report.inputs.unread.map((u) => u.kind)).toEqual(['target']);
    expect(report.verdict.status).toBe('no-problem');
  });

  it('a Compose proxy whose container cannot be found is not probed from here (its names mean something else here)', async () => {
    const root = join(dir, 'compose');
    mkdirSync(join(root, 'nginx'), { recursive: true });
    writeFileSync(
      join(root, 'docker-compose.yml'),
      'services:\n  proxy:\n    image: nginx:1.27-alpine\n    volumes:\n      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\n  api:\n    image: example/api:1\n    expose:\n      - "3000"\n',
    );
    writeFileSync(join(root, 'nginx', 'nginx.conf'), 'events {}\nhttp { server { listen 80; location / { proxy_pass http://api:3000; } } }\n');
    writeFileSync(join(root, 'proxy.log'), `${[1, 2, 3].map((i) => refusedLine(i, '172.19.0.3:3000')).join('\n')}\n`);
    let probed = false;
    const report = await diagnoseProject({
      paths: [root],
      live: true,
      cwd: dir,
      // docker knows no container for the service (stopped, or docker absent): nothing may be probed from this host.
      findProxyPid: async (proxy) => `no running container for ${proxy.runtime?.label}`,
      probe: async () => {
        probed = true;
        return { reports: [] };
      },
    });
    expect(probed).toBe(false);
    const unread = report.inputs.unread.find((u) => u.kind === 'probe');
    expect(unread?.reason).toMatch(/^could not probe from the proxy's vantage: Compose service `proxy` runs in its own container: no running container/);
    // Instead, the next check says how to probe from there.
    expect(report.nextChecks.map((c) => c.command)).toContain(
      "updoc probe http://api:3000/ --from pid:$(docker inspect -f '{{.State.Pid}}' $(docker compose ps -q proxy))",
    );
  });

  it('a Compose proxy whose container is found is probed from its network namespace', async () => {
    const root = join(dir, 'compose');
    const seen: string[] = [];
    const report = await diagnoseProject({
      paths: [root],
      live: true,
      cwd: dir,
      findProxyPid: async () => 4242,
      probe: async (vantage, targets) => {
        seen.push(vantage, ...targets.map((t) => t.display));
        return { error: 'not allowed to enter the network namespace of pid:4242; run updoc as root' };
      },
    });
    expect(seen).toEqual(['pid:4242', 'http://api:3000/']);
    expect(report.inputs.unread.find((u) => u.kind === 'probe')?.reason).toBe(
      'could not probe from pid:4242: not allowed to enter the network namespace of pid:4242; run updoc as root',
    );
  });
});
