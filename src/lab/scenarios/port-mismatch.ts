import type { ScenarioSpec } from '../model.js';
import { apiLocation, nginxProxy, nodeApi, onOneNetwork, steadyTraffic } from './common.js';

export const portMismatch: ScenarioSpec = {
  name: 'port-mismatch',
  cause: 'port-mismatch',
  description: 'nginx proxies to api:8080 while the API listens on 3000.',
  story:
    'The API moved from 8080 to 3000 (`PORT: "3000"`, `expose: 3000`) and nginx.conf still says `proxy_pass http://api:8080`. The name resolves, the container is up, the port is closed: `connect() failed (111: Connection refused)`, 502 for every request.',
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy({ locations: [apiLocation('http://api:8080')] }),
  backends: [nodeApi()],
  traffic: steadyTraffic([{ outcome: 502, all: true }]),
  checks: { namedBy: ['lint'], probeTarget: 'http://api:8080/' },
  evidence: [
    {
      source: 'proxy',
      pattern: /connect\(\) failed \(111: Connection refused\) while connecting to upstream, .*upstream: "http:\/\/198\.18\.\d+\.\d+:8080\//,
      signature: 'nginx/connect-refused',
    },
  ],
};
