import type { ScenarioSpec } from '../model.js';
import { k8sShopWithApiService } from './common.js';

export const k8sSelectorMismatch: ScenarioSpec = {
  name: 'k8s-selector-mismatch',
  cause: 'no-endpoints',
  description: 'Kubernetes: the `api` Service selects `app: orders-api`, but the API pods are labelled `app: api`; the Service has no endpoints.',
  story:
    "The pods were relabelled in a refactor and the Service's selector was not. The Service still has its ClusterIP and its DNS name, so nginx resolves `api` fine, but kube-proxy has no endpoint to send connections to and rejects them: `connect() failed (111: Connection refused) while connecting to upstream` on the ClusterIP, 502 for every request, while the API pods run and are ready.",
  ...k8sShopWithApiService({ targetPort: 'http', selector: { app: 'orders-api' } }),
};
