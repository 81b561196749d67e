import { describe, expect, it } from 'vitest';
import type { LintFacts } from '../../src/evidence/lint-facts.js';
import { buildTopology } from '../../src/evidence/topology/build-topology.js';
import type { TopologyContributor } from '../../src/evidence/topology/contributor.js';
import type { BackendNode, ProxyNode, Topology, UpstreamTarget } from '../../src/evidence/topology/model.js';
import { resolveFromHost, targetText } from '../../src/evidence/topology/resolve-from-host.js';
import { isLoopbackHost } from '../../src/core/loopback.js';

const at = { file: 'nginx.conf', line: 3, column: 20 };
const proxy: ProxyNode = { id: 'nginx:nginx.conf', product: 'nginx', label: 'nginx (nginx.conf)', configFile: 'nginx.conf' };
const api: BackendNode = {
  id: 'compose:shop/api',
  runtime: { platform: 'compose', id: 'compose:shop/api', label: 'Compose service `api`' },
  label: 'Compose service `api`',
  listens: [{ port: 3000, source: 'expose' }],
};
const topology: Topology = { proxies: [proxy], targets: [], backends: [api], paths: [], edges: [] };

function target(fields: Partial<UpstreamTarget>): UpstreamTarget {
  return { id: 't', proxyId: proxy.id, text: fields.text ?? `${fields.host}:${fields.port}`, at, ...fields };
}

describe('following a target from a proxy whose runtime is unknown: never guessed', () => {
  it.each([
    [
      'loopback with a backend on that port',
      { host: 'localhost', port: 3000 },
      'listen',
      /^\? localhost is the machine or container nginx \(nginx\.conf\) itself runs on; .*\(Compose service `api` listens on 3000: if nginx \(nginx\.conf\) runs in a container or pod, localhost is that container, not it\)$/,
    ],
    [
      'loopback, near miss: no backend on that port',
      { host: '127.0.0.1', port: 8080 },
      'listen',
      /^\? 127\.0\.0\.1 is the machine .* runs on; the configs given do not say where nginx \(nginx\.conf\) runs$/,
    ],
    ['IPv6 loopback', { host: '::1', port: 3000 }, 'listen', /^\? ::1 is the machine/],
    ['bind address as destination', { host: '0.0.0.0', port: 3000 }, 'listen', /^\? 0\.0\.0\.0 is a bind address, not a destination/],
    ['private IP literal', { host: '172.18.0.5', port: 3000 }, 'target', /outside the configs given; not checked \(a container or pod address changes/],
    [
      'public IP literal: no hint',
      { host: '93.184.216.34', port: 443 },
      'target',
      /^\? 93\.184\.216\.34 is an address outside the configs given; not checked$/,
    ],
    ['cluster DNS name', { host: 'api.shop.svc.cluster.local', port: 80 }, 'dns', /Kubernetes cluster DNS name, resolvable only inside the cluster/],
    ['short cluster name', { host: 'api.shop.svc', port: 80 }, 'dns', /Kubernetes cluster DNS name/],
    ['a name some runtime defines', { host: 'api', port: 3000 }, 'dns', /^\? `api` names Compose service `api`, resolvable only from its network/],
    [
      'near miss: a name nothing defines',
      { host: 'payments', port: 3000 },
      'dns',
      /^\? `payments` is resolved by DNS where nginx \(nginx\.conf\) runs; not checked$/,
    ],
    ['near miss: a public name whose first label matches', { host: 'api.example.com', port: 443 }, 'dns', /^\? `api\.example\.com` is resolved by DNS/],
    ['unix socket', { unixSocket: '/run/app.sock', text: 'unix:/run/app.sock' }, 'listen', /^\? unix socket \/run\/app\.sock exists only on the machine/],
    ['variables', { host: 'backend', dynamic: true, text: 'http://$backend' }, 'target', /computed at request time/],
  ] as const)('%s', (_name, fields, kind, text) => {
    const resolution = resolveFromHost(target(fields as Partial<UpstreamTarget>), proxy, topology);
    expect(resolution.status).toBe('unknown');
    expect(resolution.problem).toBeUndefined();
    expect(resolution.steps[0]).toMatchObject({ kind: 'target', status: 'unknown', at });
    expect(resolution.steps).toHaveLength(2);
    expect(resolution.steps[1]!.kind).toBe(kind);
    expect(resolution.steps[1]!.text).toMatch(text);
  });

  it('shows targets with their default port and brackets IPv6', () => {
    expect(targetText(target({ host: 'api', defaultPort: 80, text: 'http://api' }))).toBe('api:80');
    expect(targetText(target({ host: '::1', port: 8080, text: 'http://[::1]:8080' }))).toBe('[::1]:8080');
    expect(targetText(target({ unixSocket: '/run/a.sock', text: 'unix:/run/a.sock' }))).toBe('unix:/run/a.sock');
  });

  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['app.localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['localhost.example.com', false],
    ['128.0.0.1', false],
    ['api', false],
  ])('isLoopbackHost(%s) = %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('buildTopology', () => {
  const facts = () => ({ files: [], problems: [] }) as unknown as LintFacts;
  const proxyContributor: TopologyContributor = {
    name: 'proxy',
    contribute(_facts, graph) {
      graph.addProxy({ ...proxy });
      graph.addProxy({ ...proxy, id: 'nginx:other.conf', label: 'nginx (other.conf)', configFile: 'other.conf' });
      graph.addTarget(target({ id: 'a', host: 'api', port: 3000 }));
      graph.addTarget(target({ id: 'b', proxyId: 'nginx:other.conf', host: 'api', port: 3000 }));
    },
  };
  const runtime: TopologyContributor = {
    name: 'compose',
    resolves: 'compose',
    contribute(_facts, graph) {
      graph.addBackend(api);
    },
    locate: (p) => (p.configFile === 'nginx.conf' ? { platform: 'compose', id: 'compose:shop/proxy', label: 'Compose service `proxy`' } : undefined),
    resolve: (t, from) => ({
      status: 'resolved',
      steps: [{ kind: 'target', status: 'resolved', text: `${t.host}:${t.port} from ${from.id}` }],
      backend: api,
      listen: api.listens[0],
    }),
  };

  it('locates proxies, asks the runtime platform to resolve, and falls back to host resolution for the rest', () => {
    const topology = buildTopology(facts(), [proxyContributor, runtime]);
    expect(topology.proxies.map((p) => p.runtime?.id)).toEqual(['compose:shop/proxy', undefined]);
    expect(topology.paths.map((p) => [p.proxy.id, p.status, p.steps.at(-1)!.text])).toEqual([
      ['nginx:nginx.conf', 'resolved', 'api:3000 from compose:shop/proxy'],
      [
        'nginx:other.conf',
        'unknown',
        '? `api` names Compose service `api`, resolvable only from its network (containers on its networks, pods in its cluster); the configs given do not say where nginx (other.conf) runs',
      ],
    ]);
  });

  it('reports a throwing contributor through onInternalError and keeps going', () => {
    const crashes: string[] = [];
    const broken: TopologyContributor = {
      ...runtime,
      resolve: () => {
        throw new Error('resolver bug');
      },
    };
    const topology = buildTopology(facts(), [proxyContributor, broken], (component, error) => crashes.push(`${component}: ${(error as Error).message}`));
    expect(crashes).toEqual(['compose topology (resolve): resolver bug']);
    expect(topology.paths.map((p) => p.status)).toEqual(['unknown', 'unknown']);
    expect(() => buildTopology(facts(), [proxyContributor, broken])).toThrow('resolver bug');
  });
});
