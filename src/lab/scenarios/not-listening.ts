import type { ScenarioSpec } from '../model.js';
import { apiLocation, nginxProxy, nodeApi, steadyTraffic } from './common.js';

export const notListening: ScenarioSpec = {
  name: 'not-listening',
  cause: 'not-listening',
  description: 'nginx on a VM proxies to the app on the same VM (127.0.0.1:3000), but the app service is not running.',
  story:
    'A single Debian VM: nginx in front of a Node service (`api.service`) on 127.0.0.1:3000. The service crashed and stayed down (or was never enabled). nginx is fine, its address is right, nothing listens there: `connect() failed (111: Connection refused)`, 502 for every request.',
  platform: 'vm',
  project: 'lan',
  networks: ['lan'],
  hosts: [{ name: 'web-vm', networks: ['lan'] }],
  proxy: nginxProxy({ host: 'web-vm', service: 'nginx', image: 'debian:12 nginx', dependsOn: undefined, locations: [apiLocation('http://127.0.0.1:3000')] }),
  backends: [
    nodeApi({
      host: 'web-vm',
      command: ['node', '/srv/api/server.js'],
      environment: { HOST: '127.0.0.1', PORT: '3000' },
      healthcheck: undefined,
      started: false,
      behaviour: { bind: '127.0.0.1' },
    }),
  ],
  traffic: steadyTraffic([{ outcome: 502, all: true }]),
  checks: { gate: ['logs', 'probe'], probeTarget: 'http://127.0.0.1:3000/' },
  evidence: [
    {
      source: 'proxy',
      pattern: /connect\(\) failed \(111: Connection refused\) while connecting to upstream, .*upstream: "http:\/\/127\.0\.0\.1:3000\//,
      signature: 'nginx/connect-refused',
    },
  ],
};
