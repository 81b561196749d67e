import { defineRule } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { VOLATILE_LABELS } from '../../../inputs/kubernetes/labels.js';
import { deleteLineFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { deployment } from '../examples.js';

const problem = {
  description: 'The selector was copied from a running pod, hash label included.',
  files: {
    'deploy/api.yaml': `${deployment({
      name: 'api',
      namespace: 'orders',
      image: 'ghcr.io/example/orders-api:3.2.0',
      container: `ports:
  - name: http
    containerPort: 8080
`,
    })}---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: orders
spec:
  selector:
    app: api
    pod-template-hash: 7d9c8b6f5d
  ports:
    - port: 80
      targetPort: http
`,
  },
};

export default defineRule({
  id: 'kubernetes/service-selector-control-plane-label',
  domain: 'kubernetes',
  cause: 'no-endpoints',
  severity: 'warning',
  title: 'Service selects on a label the controller rewrites on every rollout',
  catalog: ['A1'],
  docs: {
    why: '`pod-template-hash` (Deployments), `controller-revision-hash` (StatefulSets, DaemonSets) and `controller-uid` are set by the controller and change with every new pod template. A Service that selects on one (often copied from `kubectl get pod --show-labels`) matches only the pods of one revision: after the next rollout it has no endpoints and the proxy answers 503 until someone edits the selector.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'deploy/api.yaml',
        replace: `    app: api
    pod-template-hash: 7d9c8b6f5d`,
        with: '    app: api',
      },
    ]),
    remediation:
      'Select on labels you set in the pod template (`app`, `app.kubernetes.io/name`), never on `pod-template-hash`, `controller-revision-hash` or `controller-uid`.',
    references: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label',
      'https://github.com/stackrox/kube-linter/pull/465',
    ],
  },
  check(ctx) {
    for (const service of ctx.facts.kubernetes.services) {
      if (!service.selector) continue;
      for (const key of Object.keys(service.selector.matchLabels)) {
        if (!VOLATILE_LABELS.has(key)) continue;
        const at = service.selector.labelAt[key] ?? service.selector.at;
        ctx.report({
          message: `${describe(service.object)} selects on \`${key}\`, which the controller changes with every rollout: after the next one the Service has no endpoints`,
          at,
          fix: deleteLineFix(at, `remove \`${key}\` from the selector`),
        });
      }
    }
  },
});
