import type { ScenarioSpec } from '../model.js';
import { apiLocation, nginxProxy, nodeApi, onOneNetwork } from './common.js';

const unhealthy = (name: string) =>
  nodeApi({
    service: name,
    host: name,
    environment: { HOST: '0.0.0.0', PORT: '3000', DATABASE_URL: 'postgres://shop@db:5432/shop' },
    behaviour: { status: 503 },
  });

export const noHealthyUpstreamNginx: ScenarioSpec = {
  name: 'no-healthy-upstream-nginx',
  cause: 'no-healthy-upstream',
  description: 'nginx balances two API replicas that both answer 503; nginx marks both failed and has no live upstream left.',
  story:
    'The upstream has `max_fails=1 fail_timeout=30s` and `proxy_next_upstream error timeout http_503`: a 503 counts as a failed attempt. The first request tries both replicas (`upstream server temporarily disabled while reading response header from upstream`); from then on, for 30 s, nginx has no server to try: `no live upstreams while connecting to upstream`, 502.',
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api1', 'api2']),
  proxy: nginxProxy({
    dependsOn: { services: ['api1', 'api2'], healthy: true },
    upstreams: [
      {
        name: 'api_pool',
        servers: [
          { address: 'api1:3000', params: 'max_fails=1 fail_timeout=30s' },
          { address: 'api2:3000', params: 'max_fails=1 fail_timeout=30s' },
        ],
      },
    ],
    locations: [apiLocation('http://api_pool', ['proxy_next_upstream error timeout http_503'])],
  }),
  backends: [unhealthy('api1'), unhealthy('api2')],
  traffic: {
    phases: [{ count: 20, method: 'GET', path: '/api/orders', intervalMs: 50 }],
    timeoutMs: 5000,
    deadlineMs: 20_000,
    expect: [{ outcome: 502, atLeast: 15 }],
  },
  checks: {
    namedBy: ['logs'],
    probeTarget: 'http://api1:3000/',
  },
  evidence: [
    { source: 'proxy', pattern: /\[error\] \d+#\d+: \*\d+ no live upstreams while connecting to upstream/, signature: 'nginx/no-live-upstreams' },
    { source: 'proxy', pattern: /upstream server temporarily disabled while reading response header from upstream/ },
  ],
};
