import type { ScenarioSpec } from '../model.js';
import { nginxProxy, nodeApi, onOneNetwork, steadyTraffic } from './common.js';

export const healthy: ScenarioSpec = {
  name: 'healthy',
  cause: null,
  description: 'nginx in Compose reaches a Node API by its service name on a shared network; nothing is wrong.',
  story:
    'The baseline every other scenario changes one thing of: nginx (`proxy`) passes /api/ to `api:3000`, the API listens on 0.0.0.0:3000, both are on `front`, the proxy waits for the API to be healthy. Every request gets a 200; updoc must report no problem.',
  ...onOneNetwork('compose', 'shop', 'front', ['proxy', 'api']),
  proxy: nginxProxy(),
  backends: [nodeApi()],
  traffic: steadyTraffic([{ outcome: 200, all: true }]),
  checks: { namedBy: ['logs', 'lint', 'probe'], probeTarget: 'http://api:3000/healthz' },
  evidence: [{ source: 'proxy', pattern: /"GET \/api\/orders HTTP\/1\.1" 200 .*us="200"/ }],
};
