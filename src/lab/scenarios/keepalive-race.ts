import type { ScenarioSpec, TrafficPhase } from '../model.js';
import { apiLocation, nginxProxy, nodeApi, onOneNetwork } from './common.js';

/** Bursts of orders 100 ms apart, with pauses just longer than the API's 1 s keep-alive between them. */
const bursts: TrafficPhase[] = [0, 1, 2, 3].map((i) => ({
  count: 8,
  method: 'POST',
  path: '/api/orders',
  intervalMs: 100,
  ...(i > 0 ? { pauseBeforeMs: 1300 } : {}),
}));

export const keepaliveRace: ScenarioSpec = {
  name: 'keepalive-race',
  cause: 'keepalive-race',
  description: 'nginx keeps idle upstream connections for 60 s; the API closes them after 1 s. Now and then an order fails with 502.',
  story:
    "The upstream block has `keepalive 16` (and nginx's default `keepalive_timeout 60s`), the API closes idle keep-alive connections after 1 s (`KEEP_ALIVE_TIMEOUT_MS`; Node's default is 5 s). After a pause, nginx sends the next order on a connection the API is closing at that moment: `upstream prematurely closed connection while reading response header from upstream`, and since a POST is not retried, a 502 — one per pause, among 200s. The lab makes the race hit every time (the API closes an idle connection exactly when the request arrives on it) instead of by chance.",
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy({
    upstreams: [{ name: 'api_pool', servers: [{ address: 'api:3000' }], directives: ['keepalive 16'] }],
    locations: [apiLocation('http://api_pool', ['proxy_http_version 1.1', 'proxy_set_header Connection ""'])],
  }),
  backends: [
    nodeApi({
      environment: { HOST: '0.0.0.0', PORT: '3000', KEEP_ALIVE_TIMEOUT_MS: '1000' },
      behaviour: { keepAliveTimeoutMs: 1000, closeIdleOnReuseMs: 1000 },
    }),
  ],
  traffic: {
    phases: bursts,
    timeoutMs: 5000,
    deadlineMs: 20_000,
    expect: [
      { outcome: 502, atLeast: 3 },
      { outcome: 200, atLeast: 25 },
    ],
  },
  checks: {
    namedBy: ['logs', 'lint'],
    probeTarget: 'http://api:3000/',
  },
  evidence: [
    {
      source: 'proxy',
      pattern: /upstream prematurely closed connection while reading response header from upstream, .*request: "POST \/api\/orders HTTP\/1\.1"/,
      signature: 'nginx/upstream-closed-before-header',
    },
  ],
};
