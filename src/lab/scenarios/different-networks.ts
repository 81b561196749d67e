import type { ScenarioSpec } from '../model.js';
import { nginxProxy, nodeApi } from './common.js';

export const differentNetworks: ScenarioSpec = {
  name: 'different-networks',
  cause: 'network-blocked',
  description: 'nginx is on the `front` network and the API only on `back`: they share no network.',
  story:
    'Docker\'s DNS answers a container only with the names of containers on its own networks. The proxy is on `front`, the API on `back`, so `api` does not resolve in the proxy container and nginx refuses to start: `[emerg] host not found in upstream "api"`. Clients are refused at the published port. The fix is a shared network, not DNS.',
  platform: 'compose',
  project: 'shop',
  networks: ['front', 'back'],
  hosts: [
    { name: 'proxy', networks: ['front'] },
    { name: 'api', networks: ['back'] },
  ],
  proxy: nginxProxy({ failsToStart: true }),
  backends: [nodeApi()],
  traffic: {
    phases: [{ count: 5, method: 'GET', path: '/api/orders', intervalMs: 50 }],
    timeoutMs: 2000,
    deadlineMs: 10_000,
    expect: [{ outcome: 'ECONNREFUSED', all: true }],
  },
  checks: { namedBy: ['lint'], probeTarget: 'http://api:3000/' },
  evidence: [
    { source: 'proxy', pattern: /\[emerg\] \d+#\d+: host not found in upstream "api" in \S+nginx\.conf:\d+/, signature: 'nginx/host-not-found-in-upstream' },
  ],
};
