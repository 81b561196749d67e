import type { ScenarioSpec } from '../model.js';
import { nginxProxy, nodeApi, onOneNetwork } from './common.js';

export const resourceExhaustion: ScenarioSpec = {
  name: 'resource-exhaustion',
  cause: 'resource-exhaustion',
  description: 'The API runs with a file-descriptor limit of 40; a burst of 60 concurrent requests exhausts it.',
  story:
    'Each request holds a socket and opens a template file for about half a second. With `ulimits: nofile: 40` the API runs out of descriptors under a burst: reading the template fails (`Error: EMFILE: too many open files`, 500) and connections it cannot accept are dropped by libuv (accepted and closed at once): nginx logs `recv() failed (104: Connection reset by peer) while reading response header from upstream` and answers 502, most of the burst fails while a few requests that got descriptors succeed.',
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy(),
  backends: [nodeApi({ fdLimit: 40, behaviour: { readFilePerRequest: true, latencyMs: 500 } })],
  traffic: {
    phases: [{ count: 60, method: 'GET', path: '/api/orders', intervalMs: 0, concurrency: 60 }],
    timeoutMs: 5000,
    deadlineMs: 20_000,
    expect: [{ outcome: 502, atLeast: 10 }],
  },
  checks: { namedBy: ['logs'], logsBackends: ['api'], probeTarget: 'http://api:3000/' },
  evidence: [
    { source: 'api', pattern: /Error: EMFILE: too many open files, open '/, signature: 'node/emfile' },
    {
      source: 'proxy',
      pattern: /recv\(\) failed \(104: Connection reset by peer\) while reading response header from upstream/,
      signature: 'nginx/upstream-reset-before-header',
    },
  ],
};
