import { describe, expect, it } from 'vitest';
import { applyYamlFix } from '../../helpers/yaml-fix.js';

const RULE = 'istio/strict-mtls-caller-without-sidecar';

/** Mesh-wide STRICT, a meshed `orders` in `shop`, and a caller in `batch` whose Namespace labels are written as given. */
const project = (batchMetadata: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: shop}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec:
      containers: [{name: orders, image: "ghcr.io/example/orders:2", ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec:
  selector: {app: orders}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Namespace
${batchMetadata}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: sync, namespace: batch}
spec:
  selector: {matchLabels: {app: sync}}
  template:
    metadata: {labels: {app: sync}}
    spec:
      containers: [{name: sync, image: "ghcr.io/example/sync:1", env: [{name: TARGET, value: "http://orders.shop/"}]}]
`;

/**
 * The fix that labels the caller's namespace for injection, whatever style its labels are written in: applied, the
 * file stays valid YAML, the namespace carries the label next to the ones it had, and the finding is gone.
 */
describe('istio-injection label fix', () => {
  it.each([
    ['block labels', 'metadata:\n  name: batch\n  labels:\n    team: ops\n'],
    ['a flow map of labels', 'metadata:\n  name: batch\n  labels: {team: ops}\n'],
    ['a flow map with a quoted last value', 'metadata:\n  name: batch\n  labels: {team: ops, tier: "2"}\n'],
    ['the whole metadata in flow style', 'metadata: {name: batch, labels: {team: ops}}\n'],
  ])('%s', async (_name, metadata) => {
    const docs = await applyYamlFix(project(metadata), RULE);
    const batch = docs.find((o) => o?.kind === 'Namespace' && o.metadata.name === 'batch');
    expect(batch.metadata.labels).toMatchObject({ team: 'ops', 'istio-injection': 'enabled' });
  });
});
