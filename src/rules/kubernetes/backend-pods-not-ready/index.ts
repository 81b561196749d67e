import { defineRule } from '../../../core/define-rule.js';
import type { SourcePosition } from '../../../core/position.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import type { Container, KubeEvent, LivePod, Probe } from '../../../inputs/kubernetes/model.js';
import { displayLine } from '../../../inputs/text/sanitize.js';
import { withEdits } from '../../example-edits.js';

/** Pod `api-5c9d8f7b6-h2x9q` as `kubectl get -o yaml` lists it, with its container's status lines. */
const apiPod = (containerStatus: string) => `- apiVersion: v1
  kind: Pod
  metadata:
    generateName: api-5c9d8f7b6-
    labels:
      app: api
      pod-template-hash: 5c9d8f7b6
    name: api-5c9d8f7b6-h2x9q
    namespace: shop
    ownerReferences:
    - apiVersion: apps/v1
      controller: true
      kind: ReplicaSet
      name: api-5c9d8f7b6
  spec:
    containers:
    - image: ghcr.io/example/api:2.4.1
      name: api
      ports:
      - containerPort: 8080
        name: http
        protocol: TCP
      readinessProbe:
        failureThreshold: 3
        httpGet:
          path: /ready
          port: http
          scheme: HTTP
        periodSeconds: 10
  status:
    conditions:
    - status: "True"
      type: Initialized
    - reason: ContainersNotReady
      status: "False"
      type: Ready
    containerStatuses:
    - image: ghcr.io/example/api:2.4.1
      name: api
${containerStatus}
    phase: Running
    podIP: 10.244.1.23
`;

const problem = {
  description:
    'A `kubectl get svc,pods,events -n shop -o yaml` dump: the api pod behind Service `api` fails its readiness probe on /ready and keeps restarting.',
  files: {
    'dump/shop.yaml': `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: api
    namespace: shop
  spec:
    clusterIP: 10.96.80.14
    ports:
    - name: http
      port: 80
      targetPort: http
    selector:
      app: api
${apiPod(
  `      ready: false
      restartCount: 7
      lastState:
        terminated:
          exitCode: 1
          reason: Error
      state:
        waiting:
          reason: CrashLoopBackOff`,
)}- apiVersion: v1
  kind: Event
  metadata:
    name: api-5c9d8f7b6-h2x9q.17f3a2c1d9e4b6a8
    namespace: shop
  involvedObject:
    kind: Pod
    name: api-5c9d8f7b6-h2x9q
    namespace: shop
  count: 42
  reason: Unhealthy
  message: 'Readiness probe failed: Get "http://10.244.1.23:8080/ready": dial tcp 10.244.1.23:8080: connect: connection refused'
  type: Warning
metadata:
  resourceVersion: ""
`,
  },
};

export default defineRule({
  id: 'kubernetes/backend-pods-not-ready',
  domain: 'kubernetes',
  cause: 'no-healthy-upstream',
  severity: 'error',
  title: 'Live pod behind a Service is NotReady (readiness failing, crash-looping)',
  catalog: ['B3'],
  docs: {
    why: 'A pod whose `Ready` condition is False is taken out of its Services\' endpoints: the proxy in front loses that backend, and once every replica is out it answers 503 / "no healthy upstream". A `kubectl get pods -o yaml` dump shows why — a container with `ready: false`, a restart count that keeps growing, `CrashLoopBackOff`, and `Unhealthy` events carrying the probe\'s own error ("connection refused", "HTTP probe failed with statuscode: 500"). Pods that finished (`Succeeded`/`Failed`) or are being deleted are not reported, nor are pods no Service selects, nor Pod manifests without a `status`.',
    problem,
    fixed: withEdits(
      problem,
      [
        {
          file: 'dump/shop.yaml',
          replace: `    - reason: ContainersNotReady
      status: "False"
      type: Ready`,
          with: `    - status: "True"
      type: Ready`,
        },
        {
          file: 'dump/shop.yaml',
          replace: `      ready: false
      restartCount: 7
      lastState:
        terminated:
          exitCode: 1
          reason: Error
      state:
        waiting:
          reason: CrashLoopBackOff`,
          with: `      ready: true
      restartCount: 7
      state:
        running:
          startedAt: "2024-09-12T08:14:05Z"`,
        },
      ],
      'The same pod after the fix: Ready, its container running and ready (old restarts alone are not reported).',
    ),
    remediation:
      "Read the probe failure in the events (`kubectl describe pod <name>`) and the previous run's log (`kubectl logs <pod> -c <container> --previous`): make the process listen on the probed port and path, give it time to start (a `startupProbe` or a longer `initialDelaySeconds`), or fix the crash the restart count points at.",
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
      'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions',
      'https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const pod of k.pods) {
      if (pod.terminating || pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
      const failing = pod.containers.filter((c) => !c.ready);
      const notReady = pod.ready ? pod.ready.status !== 'True' : failing.length > 0;
      if (!notReady) continue;
      const services = k.index.servicesSelecting(pod.workload);
      if (services.length === 0) continue;
      const name = pod.workload.object.name;
      const events = k.events.filter(
        (e) =>
          e.involvedName === name &&
          (e.involvedKind === undefined || e.involvedKind === 'Pod') &&
          k.index.compatible(e.involvedNamespace, pod.workload.object.namespace) &&
          /^(?:Unhealthy|BackOff|Failed|FailedScheduling)$/.test(e.reason),
      );
      const parts = failing.map((c) =>
        describeContainer(
          c,
          pod.workload.template.containers.find((s) => s.name === c.name),
        ),
      );
      if (parts.length === 0) parts.push(`Ready is ${pod.ready?.status}${pod.ready?.reason ? ` (${pod.ready.reason})` : ''}`);
      const latest = events.find((e) => e.reason === 'Unhealthy') ?? events[0];
      const phase = pod.phase && pod.phase !== 'Running' ? ` (phase ${pod.phase})` : '';
      const at: SourcePosition = pod.ready?.at ?? failing[0]?.at ?? pod.workload.object.at;
      ctx.report({
        message: `pod \`${name}\`${pod.workload.object.namespace ? ` (namespace \`${pod.workload.object.namespace}\`)` : ''}${phase} is NotReady, so ${services.map((s) => describe(s.object)).join(', ')} do${services.length === 1 ? 'es' : ''} not send it traffic: ${parts.join('; ')}${latest ? `; ${eventText(latest)}` : ''}`,
        at,
        related: [
          ...failing.flatMap((c) => {
            const probe = pod.workload.template.containers.find((s) => s.name === c.name)?.readinessProbe;
            return probe ? [{ at: probe.at, message: `readiness probe of container \`${c.name}\`` }] : [];
          }),
          ...events.map((e) => ({ at: e.at, message: `${e.reason} event` })),
        ],
      });
    }
  },
});

function describeContainer(status: LivePod['containers'][number], spec: Container | undefined): string {
  const facts = [`container \`${status.name}\` not ready`];
  if (spec?.readinessProbe) facts.push(`readiness probe ${describeProbe(spec.readinessProbe)}`);
  if (status.waiting) facts.push(`waiting: ${status.waiting}`);
  if (status.restartCount > 0) {
    const last = status.lastTerminated;
    const why = last ? ` (last exit${last.exitCode !== undefined ? ` code ${last.exitCode}` : ''}${last.reason ? `, ${last.reason}` : ''})` : '';
    facts.push(`restarted ${status.restartCount} time${status.restartCount === 1 ? '' : 's'}${why}`);
  }
  return facts.join(', ');
}

function describeProbe(probe: Probe): string {
  const port = probe.port ? `:${probe.port.value}` : '';
  switch (probe.handler) {
    case 'http':
      return `HTTP GET ${port}${probe.path ?? '/'}`;
    case 'tcp':
      return `TCP ${port}`;
    case 'grpc':
      return `gRPC ${port}`;
    case 'exec':
      return 'exec';
    default:
      return '(no handler)';
  }
}

function eventText(event: KubeEvent): string {
  return `${event.reason}${event.count > 1 ? ` ×${event.count}` : ''}: "${displayLine(event.message, 200)}"`;
}
