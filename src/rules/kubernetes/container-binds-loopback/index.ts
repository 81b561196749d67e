import { defineRule, type Fix } from '../../../core/define-rule.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { LOOPBACK, type ListenHint, listenHints } from '../../../inputs/kubernetes/listen-hints.js';
import { meshMembership } from '../../../inputs/kubernetes/mesh.js';
import { once } from '../../../inputs/kubernetes/queries.js';
import { containerPortFor, targetPortOf } from '../../../inputs/kubernetes/service-ports.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { service } from '../examples.js';

const problem = {
  description: 'uvicorn is started without `--host`, so it binds 127.0.0.1:8000.',
  files: {
    'k8s/recommend.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: recommend
  namespace: ml
spec:
  selector:
    matchLabels:
      app: recommend
  template:
    metadata:
      labels:
        app: recommend
    spec:
      containers:
        - name: api
          image: ghcr.io/example/recommend:0.4.0
          command: ["uvicorn", "app.main:app", "--port", "8000"]
          ports:
            - name: http
              containerPort: 8000
---
${service({
  name: 'recommend',
  namespace: 'ml',
  ports: `- name: http
  port: 80
  targetPort: http
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/container-binds-loopback',
  domain: 'kubernetes',
  cause: 'bind-loopback',
  severity: 'error',
  title: 'Container behind a Service listens on 127.0.0.1 only',
  catalog: ['X4', 'E8'],
  docs: {
    why: 'Service traffic arrives on the pod IP. A process bound to 127.0.0.1 (`--host 127.0.0.1`, `HOST=localhost`, or a dev server default: uvicorn and `flask run` bind 127.0.0.1 unless told otherwise) never sees it: clients get "connection refused", ingress-nginx 502. With Istio ≥1.10 the sidecar also forwards inbound traffic to the pod IP rather than localhost, so apps that "worked" behind an older sidecar break the same way (IST0143).',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'k8s/recommend.yaml',
        replace: 'command: ["uvicorn", "app.main:app", "--port", "8000"]',
        with: 'command: ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
      },
    ]),
    remediation: 'Bind to all interfaces (`0.0.0.0`, or `::` for dual stack): `--host 0.0.0.0`, `HOST=0.0.0.0`, `server.address` unset.',
    references: ['https://istio.io/latest/blog/2021/upcoming-networking-changes/', 'https://www.uvicorn.org/settings/#socket-binding'],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    const first = once();
    for (const service of k.services) {
      if (!service.selector) continue;
      for (const workload of k.index.workloadsSelectedBy(service.selector, service.object.namespace)) {
        for (const port of service.ports) {
          const target = targetPortOf(port);
          if (target === undefined) continue;
          const match = containerPortFor(workload, target, port.protocol);
          if (!match || match === 'undeclared') continue;
          const number = match.number;
          const hint = listenHints(match.container).find(
            (h) => h.address !== undefined && LOOPBACK.test(h.address) && (h.port === undefined || h.port === number),
          );
          if (!hint || !first(`${hint.at.file}:${hint.at.line}:${hint.at.column}`)) continue;
          const mesh = meshMembership(k, workload).state === 'sidecar' ? ' (the Istio sidecar forwards to the pod IP too)' : '';
          const fix = fixFor(hint);
          ctx.report({
            message: `container \`${match.container.name}\` of ${describe(workload.object)} listens on ${hint.address}${hint.port ? `:${hint.port}` : ''} only (${hint.source}), but ${describe(service.object)} sends traffic to the pod IP${mesh}: connections are refused`,
            at: hint.at,
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});

function fixFor(hint: ListenHint): Fix | undefined {
  if (hint.implicit || hint.written === undefined || !hint.address) return undefined;
  const rewritten = hint.written.replace(hint.address, '0.0.0.0');
  if (rewritten === hint.written) return undefined;
  return replaceFix(hint.at, JSON.stringify(rewritten), 'listen on all interfaces');
}
