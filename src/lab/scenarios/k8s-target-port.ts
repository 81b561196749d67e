import type { ScenarioSpec } from '../model.js';
import { k8sShopWithApiService } from './common.js';

export const k8sTargetPort: ScenarioSpec = {
  name: 'k8s-target-port',
  cause: 'port-mismatch',
  description: 'Kubernetes: the `api` Service sends port 80 to targetPort 8080, but the API container listens on 3000.',
  story:
    "The Service was copied from another app: `targetPort: 8080`. Its selector is right, so it has an endpoint, and kube-proxy forwards every connection to the pod's port 8080, where nothing listens: `connect() failed (111: Connection refused) while connecting to upstream` on the ClusterIP, 502 for every request, while the pod is ready (its probe checks 3000).",
  ...k8sShopWithApiService({ targetPort: 8080, selector: { app: 'api' } }),
};
