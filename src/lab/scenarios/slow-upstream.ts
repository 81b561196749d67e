import type { ScenarioSpec } from '../model.js';
import { apiLocation, nginxProxy, nodeApi, onOneNetwork } from './common.js';

export const slowUpstream: ScenarioSpec = {
  name: 'slow-upstream',
  cause: 'slow-upstream',
  description: 'The reports endpoint takes 2.5 s to answer; nginx gives up after proxy_read_timeout 1s.',
  story:
    'The API is up and answers quickly on most paths, but /api/reports runs a slow query (2.5 s). nginx waits `proxy_read_timeout 1s` for the response headers, then `upstream timed out (110: Connection timed out) while reading response header from upstream`, 504 — every failure after exactly one second.',
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy({ locations: [apiLocation('http://api:3000', ['proxy_read_timeout 1s'])] }),
  backends: [nodeApi({ behaviour: { latencyMs: 2500, slowPath: '/api/reports' } })],
  traffic: {
    phases: [{ count: 8, method: 'GET', path: '/api/reports/monthly', intervalMs: 100, concurrency: 4 }],
    timeoutMs: 5000,
    deadlineMs: 20_000,
    expect: [{ outcome: 504, all: true }],
  },
  checks: { namedBy: ['logs'], probeTarget: 'http://api:3000/api/reports/monthly' },
  evidence: [
    {
      source: 'proxy',
      pattern:
        /upstream timed out \(110: Connection timed out\) while reading response header from upstream, .*request: "GET \/api\/reports\/monthly HTTP\/1\.1"/,
      signature: 'nginx/read-header-timeout',
    },
  ],
};
