import type { ScenarioSpec } from '../model.js';
import { onOneNetwork, steadyTraffic, vmApi, vmNginx } from './common.js';

export const notListening: ScenarioSpec = {
  name: 'not-listening',
  cause: 'not-listening',
  description: 'nginx on a VM proxies to the app on the same VM (127.0.0.1:3000), but the app service is not running.',
  story:
    'A single Debian VM: nginx in front of a Node service (`api.service`) on 127.0.0.1:3000. The service crashed and stayed down (or was never enabled). nginx is fine, its address is right, nothing listens there: `connect() failed (111: Connection refused)`, 502 for every request.',
  ...onOneNetwork('vm', 'lan', 'lan', ['web-vm']),
  proxy: vmNginx('web-vm', 'http://127.0.0.1:3000'),
  backends: [
    vmApi('web-vm', {
      environment: { HOST: '127.0.0.1', PORT: '3000' },
      started: false,
      behaviour: { bind: '127.0.0.1' },
    }),
  ],
  traffic: steadyTraffic([{ outcome: 502, all: true }]),
  checks: { namedBy: ['logs', 'probe'], probeTarget: 'http://127.0.0.1:3000/' },
  evidence: [
    {
      source: 'proxy',
      pattern: /connect\(\) failed \(111: Connection refused\) while connecting to upstream, .*upstream: "http:\/\/127\.0\.0\.1:3000\//,
      signature: 'nginx/connect-refused',
    },
  ],
};
