import type { ScenarioSpec } from '../model.js';
import { nginxProxy, nodeApi, onOneNetwork } from './common.js';

export const startupOrder: ScenarioSpec = {
  name: 'startup-order',
  cause: 'startup-order',
  description: 'nginx starts and takes traffic while the API is still booting; the first requests fail, then everything works.',
  story:
    '`depends_on: [api]` only waits for the API container to start, not for the app to listen, and the API has no healthcheck. It takes 2.5 s to boot (migrations, caches). Meanwhile every request is refused (`connect() failed (111: Connection refused)`, 502); after that, 200s.',
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy({ dependsOn: { services: ['api'], healthy: false } }),
  backends: [nodeApi({ healthcheck: undefined, behaviour: { startDelayMs: 2500 } })],
  traffic: {
    phases: [{ count: 60, method: 'GET', path: '/api/orders', intervalMs: 100 }],
    timeoutMs: 5000,
    deadlineMs: 20_000,
    expect: [
      { outcome: 502, atLeast: 5 },
      { outcome: 200, atLeast: 5 },
    ],
  },
  checks: {
    namedBy: ['logs', 'lint'],
    probeTarget: 'http://api:3000/',
  },
  evidence: [
    {
      source: 'proxy',
      pattern: /connect\(\) failed \(111: Connection refused\) while connecting to upstream, .*upstream: "http:\/\/198\.18\.\d+\.\d+:3000\//,
      signature: 'nginx/connect-refused',
    },
    { source: 'api', pattern: /api listening on http:\/\/0\.0\.0\.0:3000/ },
  ],
};
