import type { ScenarioSpec } from '../model.js';
import { apiLocation, nginxProxy, nodeApi, onOneNetwork, steadyTraffic } from './common.js';

export const plainToTls: ScenarioSpec = {
  name: 'plain-to-tls',
  cause: 'tls-mismatch',
  description: 'nginx speaks plain HTTP (`proxy_pass http://api:8443`) to an API that serves HTTPS only.',
  story:
    "The API terminates TLS itself on 8443 (`TLS_CERT_FILE`, `TLS_KEY_FILE`); nginx.conf says `http://`. The API's TLS stack reads `GET /api/orders HTTP/1.0` as a broken handshake and drops the connection: nginx logs the upstream closing or resetting before any header, 502 for every request.",
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy({ locations: [apiLocation('http://api:8443')] }),
  backends: [
    nodeApi({
      environment: { HOST: '0.0.0.0', PORT: '8443', TLS_CERT_FILE: '/run/secrets/api.crt', TLS_KEY_FILE: '/run/secrets/api.key' },
      expose: [8443],
      behaviour: { port: 8443, tls: true },
    }),
  ],
  traffic: steadyTraffic([{ outcome: 502, all: true }]),
  checks: {
    namedBy: ['logs', 'lint', 'probe'],
    probeTarget: 'http://api:8443/',
  },
  evidence: [{ source: 'proxy', pattern: /while reading response header from upstream, .*upstream: "http:\/\/198\.18\.\d+\.\d+:8443\// }],
};
