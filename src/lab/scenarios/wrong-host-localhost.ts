import type { ScenarioSpec } from '../model.js';
import { apiLocation, nginxProxy, nodeApi, onOneNetwork, steadyTraffic } from './common.js';

export const wrongHostLocalhost: ScenarioSpec = {
  name: 'wrong-host-localhost',
  cause: 'wrong-host-localhost',
  description: 'nginx in its own container proxies to localhost:3000, which is nginx itself, not the API container.',
  story:
    "Copied from a setup where nginx and the app ran on one machine: `proxy_pass http://localhost:3000`. In Compose every container has its own loopback, so `localhost` (127.0.0.1 and ::1 from the container's /etc/hosts) is the nginx container, where nothing listens on 3000. Every request: `connect() failed (111: Connection refused)` to both addresses, then `no live upstreams` while both are marked failed, 502.",
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy({ locations: [apiLocation('http://localhost:3000')] }),
  backends: [nodeApi()],
  traffic: steadyTraffic([{ outcome: 502, all: true }]),
  checks: {
    namedBy: ['logs', 'lint', 'probe'],
    probeTarget: 'http://localhost:3000/',
  },
  evidence: [
    {
      source: 'proxy',
      pattern: /connect\(\) failed \(111: Connection refused\) while connecting to upstream, .*upstream: "http:\/\/127\.0\.0\.1:3000\//,
      signature: 'nginx/connect-refused',
    },
  ],
};
