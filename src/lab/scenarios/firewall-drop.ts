import type { ScenarioSpec } from '../model.js';
import { onOneNetwork, vmApi, vmNginx } from './common.js';

export const firewallDrop: ScenarioSpec = {
  name: 'firewall-drop',
  cause: 'network-blocked',
  description: "nginx on one VM proxies to the app on another VM, whose firewall drops the app's port.",
  story:
    "Two VMs on a LAN: `web-vm` runs nginx, `app-vm` runs the Node service on 0.0.0.0:3000. app-vm's /etc/nftables.conf drops TCP 3000 (the rule for the new service was never added). SYNs vanish: nginx waits `proxy_connect_timeout` (2 s) and logs `upstream timed out (110: Connection timed out) while connecting to upstream`, 504.",
  ...onOneNetwork('vm', 'lan', 'lan', ['web-vm', 'app-vm']),
  proxy: vmNginx('web-vm', 'http://app-vm:3000'),
  backends: [vmApi('app-vm')],
  faults: [{ kind: 'nft-drop', host: 'app-vm', port: 3000, description: 'only ssh and https are allowed in' }],
  traffic: {
    phases: [{ count: 4, method: 'GET', path: '/api/orders', intervalMs: 0, concurrency: 4 }],
    timeoutMs: 5000,
    deadlineMs: 15_000,
    expect: [{ outcome: 504, all: true }],
  },
  checks: { namedBy: ['logs', 'probe'], probeTarget: 'http://app-vm:3000/' },
  evidence: [
    {
      source: 'proxy',
      pattern: /upstream timed out \(110: Connection timed out\) while connecting to upstream, .*upstream: "http:\/\/198\.18\.\d+\.\d+:3000\//,
      signature: 'nginx/connect-timeout',
    },
  ],
};
