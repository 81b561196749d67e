/**
 * The parts most scenarios share, as plain data with overrides: a Node API in a container, nginx in front of it
 * the way the official image is usually set up, and steady traffic. A scenario changes only what its failure is
 * about, so the difference to the healthy baseline is the fault.
 */
import type { BackendBehaviour, BackendSpec, KubernetesServiceSpec, LabPlatform, NginxLocation, NginxProxySpec, ScenarioSpec, TrafficSpec } from '../model.js';

/** A Node.js API (`node server.js` on node:20-alpine) listening on 0.0.0.0:3000, with a healthcheck. */
export function nodeApi(overrides: Partial<Omit<BackendSpec, 'behaviour'>> & { behaviour?: Partial<BackendBehaviour> } = {}): BackendSpec {
  const { behaviour, ...rest } = overrides;
  return {
    service: 'api',
    host: 'api',
    image: 'node:20-alpine',
    command: ['node', 'server.js'],
    environment: { HOST: '0.0.0.0', PORT: '3000' },
    expose: [3000],
    healthcheck: '/healthz',
    started: true,
    ...rest,
    behaviour: { bind: '0.0.0.0', port: 3000, ...behaviour },
  };
}

/** `location /api/` passing to `target`, with the usual headers and timeouts (plus `extra` directives). */
export function apiLocation(target: string, extra: string[] = [], path = '/api/'): NginxLocation {
  return {
    path,
    directives: [
      `proxy_pass ${target}`,
      'proxy_set_header Host $host',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for',
      'proxy_connect_timeout 2s',
      ...extra,
    ],
  };
}

/** nginx:1.27-alpine publishing 8080:80, waiting for a healthy `api`, reaching it at `target`. */
export function nginxProxy(overrides: Partial<NginxProxySpec> = {}): NginxProxySpec {
  return {
    kind: 'nginx',
    service: 'proxy',
    host: 'proxy',
    port: 80,
    publishedPort: 8080,
    image: 'nginx:1.27-alpine',
    dependsOn: { services: ['api'], healthy: true },
    upstreams: [],
    locations: [apiLocation('http://api:3000')],
    ...overrides,
  };
}

/** `count` GETs of /api/orders, 50 ms apart. */
export function steadyTraffic(expect: TrafficSpec['expect'], count = 20, overrides: Partial<TrafficSpec> = {}): TrafficSpec {
  return {
    phases: [{ count, method: 'GET', path: '/api/orders', intervalMs: 50 }],
    timeoutMs: 5000,
    deadlineMs: 20_000,
    expect,
    ...overrides,
  };
}

/** The platform, the project, one network and the hosts on it (`...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api'])`). */
export function onOneNetwork(
  platform: LabPlatform,
  project: string,
  network: string,
  hosts: string[],
): Pick<ScenarioSpec, 'platform' | 'project' | 'networks' | 'hosts'> {
  return { platform, project, networks: [network], hosts: hosts.map((name) => ({ name, networks: [network] })) };
}

/** Debian's nginx on a VM (systemd unit `nginx`), passing /api/ to `target`. */
export function vmNginx(host: string, target: string): NginxProxySpec {
  return nginxProxy({ host, service: 'nginx', image: 'debian:12 nginx', dependsOn: undefined, locations: [apiLocation(target)] });
}

/** The Node API as a systemd service on a VM (no container healthcheck). */
export function vmApi(host: string, overrides: Parameters<typeof nodeApi>[0] = {}): BackendSpec {
  return nodeApi({ host, command: ['node', '/srv/api/server.js'], healthcheck: undefined, ...overrides });
}

/**
 * Kubernetes: nginx reaching the `api` Service at `http://api:80` in namespace `shop`, where `apiService` is what the
 * scenario breaks. kube-proxy turns either fault into a refusal on the ClusterIP: 502 for every request, while the
 * API pods run and are ready.
 */
export function k8sShopWithApiService(
  apiService: Pick<KubernetesServiceSpec, 'targetPort' | 'selector'>,
): Pick<ScenarioSpec, 'platform' | 'project' | 'networks' | 'hosts' | 'services' | 'proxy' | 'backends' | 'traffic' | 'checks' | 'evidence'> {
  return {
    ...onOneNetwork('kubernetes', 'shop', 'pods', ['proxy', 'api']),
    services: [
      { name: 'proxy', port: 80, targetPort: 'http', selector: { app: 'proxy' } },
      { name: 'api', port: 80, ...apiService },
    ],
    proxy: nginxProxy({ dependsOn: undefined, labels: { app: 'proxy' }, locations: [apiLocation('http://api:80')] }),
    backends: [nodeApi({ labels: { app: 'api' } })],
    traffic: steadyTraffic([{ outcome: 502, all: true }]),
    checks: { namedBy: ['lint'], probeTarget: 'http://api:80/' },
    evidence: [
      {
        source: 'proxy',
        pattern: /connect\(\) failed \(111: Connection refused\) while connecting to upstream, .*upstream: "http:\/\/198\.19\.0\.21:80\//,
        signature: 'nginx/connect-refused',
      },
    ],
  };
}
