import type { ScenarioSpec } from '../model.js';
import { onOneNetwork, steadyTraffic, vmApi, vmNginx } from './common.js';

export const localhostIpv6: ScenarioSpec = {
  name: 'localhost-ipv6',
  cause: 'wrong-host-localhost',
  description: 'nginx on a VM proxies to localhost:3000; localhost is also ::1, where the IPv4-only app is not listening.',
  story:
    'nginx and a Node service share a VM; the service listens on 127.0.0.1:3000 only, nginx says `proxy_pass http://localhost:3000`. /etc/hosts maps localhost to 127.0.0.1 and ::1, so nginx balances over both: every attempt on [::1]:3000 is refused (`connect() failed (111: Connection refused) … upstream: "http://[::1]:3000/"`) and retried on 127.0.0.1. Clients get 200s (a little slower); the error log fills with refusals for an app that is up.',
  ...onOneNetwork('vm', 'lan', 'lan', ['web-vm']),
  proxy: vmNginx('web-vm', 'http://localhost:3000'),
  backends: [
    vmApi('web-vm', {
      environment: { HOST: '127.0.0.1', PORT: '3000' },
      behaviour: { bind: '127.0.0.1' },
    }),
  ],
  traffic: steadyTraffic([{ outcome: 200, all: true }]),
  checks: {
    namedBy: ['logs', 'probe'],
    probeTarget: 'http://localhost:3000/',
  },
  evidence: [
    {
      source: 'proxy',
      pattern: /connect\(\) failed \(111: Connection refused\) while connecting to upstream, .*upstream: "http:\/\/\[::1\]:3000\//,
      signature: 'nginx/connect-refused',
    },
  ],
};
