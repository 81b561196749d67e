import type { ScenarioSpec } from '../model.js';
import { nginxProxy, nodeApi, onOneNetwork, steadyTraffic } from './common.js';

export const dnsFailure: ScenarioSpec = {
  name: 'dns-failure',
  cause: 'dns-failure',
  description: "nginx asks Docker's DNS for `orders-api`, a name no service in the project has (the service is `api`).",
  story:
    "nginx resolves per request (`resolver 127.0.0.11` and a variable in proxy_pass), so it starts; the name it asks for, `orders-api`, was the old service name. Docker's DNS answers NXDOMAIN: `orders-api could not be resolved (3: Host not found)`, 502 for every request.",
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy({
    resolver: '127.0.0.11 valid=10s ipv6=off',
    locations: [
      {
        path: '/api/',
        directives: ['set $api_upstream http://orders-api:3000', 'proxy_pass $api_upstream', 'proxy_set_header Host $host', 'proxy_connect_timeout 2s'],
      },
    ],
  }),
  backends: [nodeApi()],
  traffic: steadyTraffic([{ outcome: 502, all: true }]),
  checks: { namedBy: ['logs', 'lint', 'probe'], probeTarget: 'http://orders-api:3000/' },
  evidence: [{ source: 'proxy', pattern: /orders-api could not be resolved \(3: Host not found\)/, signature: 'nginx/resolver-host-not-found' }],
};
