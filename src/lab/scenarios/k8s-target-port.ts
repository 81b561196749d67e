import type { ScenarioSpec } from '../model.js';
import { apiLocation, nginxProxy, nodeApi, onOneNetwork, steadyTraffic } from './common.js';

export const k8sTargetPort: ScenarioSpec = {
  name: 'k8s-target-port',
  cause: 'port-mismatch',
  description: 'Kubernetes: the `api` Service sends port 80 to targetPort 8080, but the API container listens on 3000.',
  story:
    "The Service was copied from another app: `targetPort: 8080`. Its selector is right, so it has an endpoint, and kube-proxy forwards every connection to the pod's port 8080, where nothing listens: `connect() failed (111: Connection refused) while connecting to upstream` on the ClusterIP, 502 for every request, while the pod is ready (its probe checks 3000).",
  ...onOneNetwork('kubernetes', 'shop', 'pods', ['proxy', 'api']),
  services: [
    { name: 'proxy', port: 80, targetPort: 'http', selector: { app: 'proxy' } },
    { name: 'api', port: 80, targetPort: 8080, selector: { app: 'api' } },
  ],
  proxy: nginxProxy({ dependsOn: undefined, labels: { app: 'proxy' }, locations: [apiLocation('http://api:80')] }),
  backends: [nodeApi({ labels: { app: 'api' } })],
  traffic: steadyTraffic([{ outcome: 502, all: true }]),
  checks: { gate: ['lint'], probeTarget: 'http://api:80/' },
  evidence: [
    {
      source: 'proxy',
      pattern: /connect\(\) failed \(111: Connection refused\) while connecting to upstream, .*upstream: "http:\/\/198\.19\.0\.21:80\//,
      signature: 'nginx/connect-refused',
    },
  ],
};
