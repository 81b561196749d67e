import type { CountedRuleCase } from '../rule-case.js';

const service = `apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

/** A live Pod `api-1` with the given labels, metadata lines, Ready status and container status lines. */
const pod = (options: { labels?: string; metadata?: string; ready?: string; phase?: string; container?: string; status?: boolean }) => `---
apiVersion: v1
kind: Pod
metadata:
  name: api-1
  namespace: shop
  labels: {${options.labels ?? 'app: api'}}
${options.metadata ?? ''}spec:
  containers:
    - name: api
      image: ghcr.io/example/api:2.4.1
      ports: [{containerPort: 8080}]
      readinessProbe:
        tcpSocket: {port: 8080}
${
  options.status === false
    ? ''
    : `status:
  phase: ${options.phase ?? 'Running'}
  conditions:
    - type: Ready
      status: "${options.ready ?? 'False'}"
  containerStatuses:
    - name: api
${options.container ?? '      ready: false\n      restartCount: 0\n      state: {running: {startedAt: "2024-09-12T08:14:05Z"}}'}
`
}`;

const cases: CountedRuleCase[] = [
  {
    name: 'events.k8s.io/v1 Unhealthy event in an EventList',
    files: {
      'dump/pods.yaml': `${service}${pod({})}`,
      'dump/events.yaml': `apiVersion: v1
kind: EventList
items:
  - apiVersion: events.k8s.io/v1
    kind: Event
    metadata: {name: api-1.17f3a2c1, namespace: shop}
    regarding: {kind: Pod, name: api-1, namespace: shop}
    reason: Unhealthy
    note: 'Readiness probe failed: HTTP probe failed with statuscode: 503'
    type: Warning
    series: {count: 12}
`,
    },
    findings: 1,
    at: ['dump/pods.yaml:25'],
    message: 'readiness probe TCP :8080; Unhealthy ×12: "Readiness probe failed: HTTP probe failed with statuscode: 503"',
  },
  {
    name: 'Pending pod whose image cannot be pulled',
    files: {
      'dump.yaml': `${service}${pod({ phase: 'Pending', container: '      ready: false\n      restartCount: 0\n      state: {waiting: {reason: ImagePullBackOff}}' })}`,
    },
    findings: 1,
    message: '(phase Pending) is NotReady',
  },
  {
    name: 'near miss: Pod manifest without status',
    files: { 'k8s/api.yaml': `${service}${pod({ status: false })}` },
    findings: 0,
  },
  {
    name: 'near miss: NotReady pod no Service selects',
    files: { 'dump.yaml': `${service}${pod({ labels: 'app: batch' })}` },
    findings: 0,
  },
  {
    name: 'near miss: a Ready pod with old restarts',
    files: { 'dump.yaml': `${service}${pod({ ready: 'True', container: '      ready: true\n      restartCount: 3' })}` },
    findings: 0,
  },
  {
    name: 'near miss: a pod being deleted',
    files: { 'dump.yaml': `${service}${pod({ metadata: '  deletionTimestamp: "2024-09-12T09:00:00Z"\n' })}` },
    findings: 0,
  },
  {
    name: 'near miss: a finished pod',
    files: { 'dump.yaml': `${service}${pod({ phase: 'Succeeded' })}` },
    findings: 0,
  },
];

export default cases;
