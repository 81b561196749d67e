import type { ScenarioSpec } from '../model.js';
import { apiLocation, nginxProxy, nodeApi, onOneNetwork, steadyTraffic } from './common.js';

export const tlsToPlain: ScenarioSpec = {
  name: 'tls-to-plain',
  cause: 'tls-mismatch',
  description: 'nginx speaks HTTPS (`proxy_pass https://api:3000`) to an API that serves plain HTTP.',
  story:
    'Someone "secured" the hop to the API by changing the scheme, but the API serves plain HTTP on 3000. nginx sends a TLS ClientHello, the API answers `HTTP/1.1 400 Bad Request`, and OpenSSL fails: `SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream`, 502.',
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy({ locations: [apiLocation('https://api:3000')] }),
  backends: [nodeApi()],
  traffic: steadyTraffic([{ outcome: 502, all: true }]),
  checks: {
    namedBy: ['logs', 'lint', 'probe'],
    probeTarget: 'https://api:3000/',
  },
  evidence: [
    {
      source: 'proxy',
      pattern: /SSL_do_handshake\(\) failed \(SSL: error:0A00010B:SSL routines::wrong version number\) while SSL handshaking to upstream/,
      signature: 'nginx/tls-to-plaintext-port',
    },
  ],
};
