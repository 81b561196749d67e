import type { ScenarioSpec } from '../model.js';
import { nodeApi, onOneNetwork } from './common.js';

const unhealthy = (name: string) =>
  nodeApi({
    service: name,
    host: name,
    environment: { HOST: '0.0.0.0', PORT: '3000', DATABASE_URL: 'postgres://shop@db:5432/shop' },
    behaviour: { status: 503, healthStatus: 503 },
  });

export const noHealthyUpstreamHaproxy: ScenarioSpec = {
  name: 'no-healthy-upstream-haproxy',
  cause: 'no-healthy-upstream',
  description: 'HAProxy health-checks two API replicas; both answer 503 on /healthz (their database is gone), so HAProxy has no server left.',
  story:
    "Both replicas run and listen, but their health endpoint reports the database unreachable (503). After two failed checks HAProxy marks each DOWN (`Server be_api/api1 is DOWN, reason: Layer7 wrong status, code: 503`), then `backend 'be_api' has no server available!`, and answers every request itself: `be_api/<NOSRV>` with 503 and termination state `SC--`.",
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api1', 'api2']),
  proxy: {
    kind: 'haproxy',
    service: 'proxy',
    host: 'proxy',
    port: 80,
    publishedPort: 8080,
    image: 'haproxy:2.6',
    dependsOn: { services: ['api1', 'api2'], healthy: false },
    defaults: ['timeout connect 2s', 'timeout client 10s', 'timeout server 10s'],
    backend: {
      name: 'be_api',
      options: ['option httpchk GET /healthz', 'default-server inter 500ms fall 2 rise 2'],
      servers: [
        { name: 'api1', address: 'api1:3000', params: 'check' },
        { name: 'api2', address: 'api2:3000', params: 'check' },
      ],
    },
  },
  backends: [unhealthy('api1'), unhealthy('api2')],
  traffic: {
    startAfterMs: 2000,
    phases: [{ count: 20, method: 'GET', path: '/api/orders', intervalMs: 50 }],
    timeoutMs: 5000,
    deadlineMs: 20_000,
    expect: [{ outcome: 503, all: true }],
  },
  checks: { namedBy: ['logs'], probeTarget: 'http://api1:3000/healthz' },
  evidence: [
    { source: 'proxy', pattern: /fe_http be_api\/<NOSRV> .* 503 .* SC-- /, signature: 'haproxy/no-server-available' },
    { source: 'proxy', pattern: /Server be_api\/api1 is DOWN, reason: Layer7 wrong status, code: 503/ },
    { source: 'proxy', pattern: /backend 'be_api' has no server available!/ },
  ],
};
