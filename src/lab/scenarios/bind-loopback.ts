import type { ScenarioSpec } from '../model.js';
import { nginxProxy, nodeApi, onOneNetwork, steadyTraffic } from './common.js';

export const bindLoopback: ScenarioSpec = {
  name: 'bind-loopback',
  cause: 'bind-loopback',
  description: 'The API listens on 127.0.0.1 inside its container, so nginx in the proxy container is refused.',
  story:
    'The API is started with `HOST=127.0.0.1` (a development default). Inside its container it answers (its healthcheck against 127.0.0.1 passes, so Compose calls it healthy), but connections from the proxy container arrive on its eth0 address, where nothing listens: `connect() failed (111: Connection refused)`, 502 for every request.',
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy(),
  backends: [nodeApi({ environment: { HOST: '127.0.0.1', PORT: '3000' }, behaviour: { bind: '127.0.0.1' } })],
  traffic: steadyTraffic([{ outcome: 502, all: true }]),
  checks: {
    namedBy: ['logs', 'lint', 'probe'],
    logsBackends: ['api'],
    probeTarget: 'http://api:3000/',
  },
  evidence: [
    {
      source: 'proxy',
      pattern: /connect\(\) failed \(111: Connection refused\) while connecting to upstream, .*upstream: "http:\/\/198\.18\.\d+\.\d+:3000\//,
      signature: 'nginx/connect-refused',
    },
    { source: 'api', pattern: /api listening on http:\/\/127\.0\.0\.1:3000/ },
  ],
};
