import { describe, expect, it } from 'vitest';
import { parseToml } from '../../../src/inputs/traefik/toml.js';
import { lintProject } from '../../helpers/lint-project.js';

const at = (p: { file: string; line: number; column: number; endColumn?: number } | undefined) => (p ? `${p.line}:${p.column}-${p.endColumn}` : undefined);

describe('TOML reader', () => {
  const TEXT = `# Traefik dynamic configuration
title = "x" # trailing comment
[http.routers.api]
  rule = "Host(\`api.example.com\`) && PathPrefix(\`/v1\`)"
  entryPoints = ["web",
    "websecure"]  # multi-line array
  service = 'api'

[http.services.api.loadBalancer]
  passHostHeader = true
  healthCheck = { path = "/healthz", interval = "10s", port = 8081 }
  [[http.services.api.loadBalancer.servers]]
    url = "http://api-1:3000"
  [[http.services.api.loadBalancer.servers]]
    url = "http://api-2:3000"

[tcp.services.pg.loadBalancer]
servers = [{ address = "db:5432" }]
literal = '''C:\\path'''
basic = """
line one \\
  continued"""
number = 1_000
float = 3.5e2
date = 1979-05-27T07:32:00Z
`;

  it('reads tables, arrays of tables, inline tables, arrays, strings of every kind, numbers and dates', () => {
    const { doc, problems } = parseToml('d.toml', TEXT);
    expect(problems).toEqual([]);
    expect(doc.value).toEqual({
      title: 'x',
      http: {
        routers: { api: { rule: 'Host(`api.example.com`) && PathPrefix(`/v1`)', entryPoints: ['web', 'websecure'], service: 'api' } },
        services: {
          api: {
            loadBalancer: {
              passHostHeader: true,
              healthCheck: { path: '/healthz', interval: '10s', port: 8081 },
              servers: [{ url: 'http://api-1:3000' }, { url: 'http://api-2:3000' }],
            },
          },
        },
      },
      tcp: {
        services: {
          pg: {
            loadBalancer: {
              servers: [{ address: 'db:5432' }],
              literal: 'C:\\path',
              basic: 'line one continued',
              number: 1000,
              float: 350,
              date: '1979-05-27T07:32:00Z',
            },
          },
        },
      },
    });
  });

  it('keeps the position of every value and key', () => {
    const { doc } = parseToml('d.toml', TEXT);
    expect(at(doc.pos(['http', 'routers', 'api', 'service']))).toBe('7:13-18');
    expect(at(doc.pos(['http', 'services', 'api', 'loadBalancer', 'servers', 1, 'url']))).toBe('15:11-30');
    expect(at(doc.pos(['http', 'services', 'api', 'loadBalancer', 'healthCheck', 'port']))).toBe('11:63-67');
    expect(at(doc.keyPos(['http', 'routers', 'api', 'rule']))).toBe('4:3-7');
    expect(at(doc.pos(['tcp', 'services', 'pg', 'loadBalancer', 'servers', 0, 'address']))).toBe('18:24-33');
    // A path that does not exist points at its closest ancestor.
    expect(at(doc.pos(['http', 'routers', 'api', 'missing']))).toBe('3:1-19');
  });

  it('reports bad lines (duplicate keys, unclosed strings, junk) and reads on', () => {
    const { doc, problems } = parseToml('bad.toml', 'a = 1\na = 2\nb = "open\n[t]\nc = @@\nd = true\n[t]\n');
    expect(problems.map((p) => `${p.at.line}: ${p.message}`)).toEqual([
      '2: TOML: `a` is defined twice',
      '3: TOML: unclosed string',
      '5: TOML: `@@` is not a TOML value',
      '7: TOML: `t` is defined twice',
    ]);
    expect(doc.value).toEqual({ a: 1, t: { d: true } });
  });

  it('never throws on truncated text', () => {
    for (let cut = 0; cut <= TEXT.length; cut += 5) expect(() => parseToml('d.toml', TEXT.slice(0, cut))).not.toThrow();
  });
});

const COMPOSE = `name: shop
services:
  traefik:
    image: traefik:v3.1
    command:
      - --providers.docker.exposedbydefault=false
      - --providers.docker.network=shop_edge
      - --providers.file.directory=/etc/traefik/dynamic
    environment:
      TRAEFIK_LOG_LEVEL: DEBUG
    networks: [edge]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - ./traefik/traefik.yml:/etc/traefik/traefik.yml:ro
      - ./traefik/dynamic:/etc/traefik/dynamic:ro
  api:
    image: ghcr.io/example/api:2.0
    expose: ["3000", "9090"]
    networks: [edge]
    labels:
      - "traefik.enable=true"
      - "traefik.http.routers.api.rule=Host(\`api.example.com\`)"
      - traefik.http.routers.api.service=api
      - "traefik.http.services.api.loadbalancer.server.port=3000"
      - "traefik.http.services.api.loadbalancer.healthcheck.path=/healthz"
  web:
    image: nginx:1.27-alpine
    networks: [edge]
    labels:
      traefik.enable: "true"
      traefik.http.routers.web.rule: Host(\`www.example.com\`)
  worker:
    image: ghcr.io/example/worker:1.0
    labels:
      - traefik.http.routers.worker.rule=Host(\`w.example.com\`)

networks:
  edge:
`;

const STATIC = `entryPoints:
  web:
    address: ":80"
providers:
  docker:
    exposedByDefault: true
  file:
    directory: /etc/traefik/dynamic
`;

const DYNAMIC = `http:
  routers:
    legacy:
      rule: PathPrefix(\`/legacy\`)
      service: legacy@file
  services:
    legacy:
      loadBalancer:
        servers:
          - url: "http://legacy.internal:8080/"
          - url: https://[fd00::1]
tcp:
  services:
    pg:
      loadBalancer:
        servers:
          - address: db:5432
`;

describe('Traefik facts', () => {
  it('reads the instance: static file, then flags (flags win), with positions', async () => {
    const { facts } = await lintProject({ 'docker-compose.yml': COMPOSE, 'traefik/traefik.yml': STATIC, 'traefik/dynamic/legacy.yml': DYNAMIC });
    expect(facts.traefik.instances).toMatchObject([
      {
        label: 'Traefik (Compose service `traefik`)',
        staticFile: 'traefik/traefik.yml',
        docker: { configured: true, exposedByDefault: false, network: { value: 'shop_edge' } },
      },
    ]);
    const instance = facts.traefik.instances[0]!;
    expect(at(instance.docker.exposedByDefaultAt)).toBe('6:9-50');
    expect(at(instance.docker.network!.at)).toBe('7:9-45');
  });

  it('reads labels in list and map form, with the position of each value', async () => {
    const { facts } = await lintProject({ 'docker-compose.yml': COMPOSE, 'traefik/traefik.yml': STATIC });
    const api = facts.traefik.containers.find((c) => c.service === 'api')!;
    expect(api).toMatchObject({ labelsForm: 'list', exposedPorts: [3000, 9090], enable: { value: true } });
    expect(at(api.enable!.at)).toBe('21:25-29');
    expect(api.routers.map((r) => [r.name, r.rule?.value, at(r.rule?.at), r.service?.value, at(r.service?.at)])).toEqual([
      ['api', 'Host(`api.example.com`)', '22:40-63', 'api', '23:42-45'],
    ]);
    expect(api.services.map((s) => [s.name, s.port?.value, at(s.port?.at), s.healthCheck?.path?.value])).toEqual([['api', 3000, '24:61-65', '/healthz']]);
    const web = facts.traefik.containers.find((c) => c.service === 'web')!;
    expect([web.labelsForm, at(web.enable!.at), web.exposedPorts]).toEqual(['map', '30:23-29', [80]]);
  });

  it('builds targets from labels (declared port, or the detected one) and from file servers', async () => {
    const { facts } = await lintProject({ 'docker-compose.yml': COMPOSE, 'traefik/traefik.yml': STATIC, 'traefik/dynamic/legacy.yml': DYNAMIC });
    const paths = facts.topology.paths
      .filter((p) => p.proxy.product === 'traefik')
      .map((p) => `${p.proxy.id} ${p.target.text} ${p.target.scheme} ${p.status}`)
      .sort();
    expect(paths).toEqual([
      'traefik:labels:traefik:compose:shop/traefik api:3000 http resolved',
      'traefik:labels:traefik:compose:shop/traefik web:80 http resolved',
      'traefik:traefik/dynamic/legacy.yml db:5432 tcp broken',
      'traefik:traefik/dynamic/legacy.yml http://legacy.internal:8080/ http unknown',
      'traefik:traefik/dynamic/legacy.yml https://[fd00::1] https unknown',
    ]);
    // `worker` has no traefik.enable=true while exposedByDefault is false: Traefik ignores it.
    expect(paths.some((p) => p.includes('worker'))).toBe(false);
    const legacy = facts.traefik.files[0]!.services.find((s) => s.name === 'legacy')!;
    expect(legacy.servers.map((s) => [s.host, s.port, s.defaultPort, at(s.hostAt), at(s.portAt)])).toEqual([
      ['legacy.internal', 8080, undefined, '10:26-41', '10:42-46'],
      ['fd00::1', undefined, 443, '11:26-35', undefined],
    ]);
  });

  it("makes no service for a container whose routers all name one (Traefik's own dashboard)", async () => {
    const compose = COMPOSE.replace(
      '    networks: [edge]\n    volumes:',
      '    networks: [edge]\n    labels:\n      - traefik.enable=true\n      - traefik.http.routers.dashboard.rule=Host(`traefik.example.com`)\n      - traefik.http.routers.dashboard.service=api@internal\n    volumes:',
    );
    const { facts, findings } = await lintProject({ 'docker-compose.yml': compose, 'traefik/traefik.yml': STATIC });
    expect(facts.traefik.containers.find((c) => c.service === 'traefik')?.routers.map((r) => r.service?.value)).toEqual(['api@internal']);
    expect(facts.topology.paths.filter((p) => p.target.host === 'traefik')).toEqual([]);
    // (`worker`, not enabled on purpose in this project, is the only Traefik finding.)
    expect(findings.filter((f) => f.rule.startsWith('traefik/')).map((f) => f.message.match(/Compose service `(\w+)`/)?.[1])).toEqual(['worker']);
  });

  it('reads a TOML dynamic file and reports its syntax errors with positions', async () => {
    const toml =
      '[http.routers.r]\n  rule = "Host(`x`)"\n  service = "s"\n[http.services.s.loadBalancer]\n  [[http.services.s.loadBalancer.servers]]\n    url = "http://s:80"\n  oops\n';
    const { facts, findings } = await lintProject({ 'dynamic.toml': toml });
    expect(facts.traefik.files.map((f) => [f.format, f.routers.map((r) => r.name), f.services[0]!.servers.map((s) => s.text)])).toEqual([
      ['toml', ['r'], ['http://s:80']],
    ]);
    expect(findings.filter((f) => f.rule === 'input/parse-error').map((f) => `${f.at.file}:${f.at.line}`)).toEqual(['dynamic.toml:7']);
  });

  it('leaves other TOML files alone (no findings for their syntax)', async () => {
    const { facts, findings } = await lintProject({ 'netlify.toml': '[build]\ncommand = "npm run build"\nbad line here\n' });
    expect(facts.traefik.files).toEqual([]);
    expect(findings.filter((f) => f.rule.startsWith('input/'))).toEqual([]);
  });
});
