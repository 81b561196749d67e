import type { CountedRuleCase } from '../rule-case.js';

/** One Deployment `api` in namespace `shop`; `container` is the rest of its container from column 10. */
const app = (container: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:3
          ports: [{name: http, containerPort: 8080}]
${container}`;

const limit = (memory: string) => `          resources: {limits: {memory: ${memory}}}\n`;

const limitRange = (memory: string, namespace = 'shop') => `---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: ${namespace}}
spec:
  limits:
    - type: Container
      default: {memory: ${memory}}
`;

export default [
  {
    name: '-Xmx above the limit in JAVA_TOOL_OPTIONS',
    files: { 'a.yaml': app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx1g"}]\n${limit('768Mi')}`) },
    findings: 1,
    at: ['a.yaml:13'],
    message: 'above its memory limit 768Mi',
  },
  {
    name: 'near miss: the same heap with room to spare',
    files: { 'a.yaml': app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx1g"}]\n${limit('2Gi')}`) },
    findings: 0,
  },
  {
    name: '-Xmx1g in a 1G (decimal, 954 MiB) limit',
    files: { 'a.yaml': app(`          args: ["-Xmx1g", "-jar", "/app.jar"]\n${limit('1G')}`) },
    findings: 1,
  },
  {
    name: '-XX:MaxHeapSize in bytes equal to the limit',
    files: { 'a.yaml': app(`          args: ["-XX:MaxHeapSize=2147483648", "-jar", "/app.jar"]\n${limit('2Gi')}`) },
    findings: 1,
  },
  {
    name: 'MaxRAMPercentage=100 gives the heap the whole limit',
    files: { 'a.yaml': app(`          env: [{name: JDK_JAVA_OPTIONS, value: "-XX:MaxRAMPercentage=100.0"}]\n${limit('1Gi')}`) },
    findings: 1,
  },
  {
    name: 'the old MaxRAMFraction=1 advice does the same',
    files: { 'a.yaml': app(`          env: [{name: JAVA_OPTS, value: "-XX:MaxRAMFraction=1"}]\n${limit('1Gi')}`) },
    findings: 1,
  },
  {
    name: 'near miss: MaxRAMFraction=2 is half the limit',
    files: { 'a.yaml': app(`          env: [{name: JAVA_OPTS, value: "-XX:MaxRAMFraction=2"}]\n${limit('1Gi')}`) },
    findings: 0,
  },
  {
    name: 'inside sh -c',
    files: { 'a.yaml': app(`          command: ["sh", "-c", "exec java -Xms256m -Xmx1536m -jar /app.jar"]\n${limit('1Gi')}`) },
    findings: 1,
  },
  {
    name: 'near miss: no memory limit (nothing to exceed)',
    files: { 'a.yaml': app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx4g"}]\n          resources: {requests: {memory: 1Gi}}\n`) },
    findings: 0,
  },
  {
    name: "the limit is the namespace LimitRange's default",
    files: { 'a.yaml': `${app('          env: [{name: JAVA_OPTS, value: "-Xms512m -Xmx512m"}]\n')}${limitRange('512Mi')}` },
    findings: 1,
    message: 'LimitRange `defaults`',
  },
  {
    name: "near miss: another namespace's LimitRange",
    files: { 'a.yaml': `${app('          env: [{name: JAVA_OPTS, value: "-Xms512m -Xmx512m"}]\n')}${limitRange('512Mi', 'batch')}` },
    findings: 0,
  },
  {
    name: "a numeric limit (bytes, as YAML writes a plain integer) is the container's own",
    files: { 'a.yaml': `${app(`          env: [{name: JAVA_OPTS, value: "-Xmx1g"}]\n${limit('805306368')}`)}${limitRange('4Gi')}` },
    findings: 1,
    message: 'above its memory limit 805306368',
  },
  {
    name: "near miss: a limit of 0 is no limit (the runtime sets none), not replaced by the LimitRange's default",
    files: { 'a.yaml': `${app(`          env: [{name: JAVA_OPTS, value: "-Xmx1g"}]\n${limit('0')}`)}${limitRange('512Mi')}` },
    findings: 0,
  },
  {
    name: "near miss: a limit that is not a quantity is not replaced by the LimitRange's default (Kubernetes refuses the object; an input problem says so)",
    files: { 'a.yaml': `${app(`          env: [{name: JAVA_OPTS, value: "-Xms512m -Xmx512m"}]\n${limit('[1Gi]')}`)}${limitRange('512Mi')}` },
    findings: 0,
  },
  {
    name: 'near miss: the command line overrides JAVA_TOOL_OPTIONS (the last flag wins)',
    files: { 'a.yaml': app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx2g"}]\n          args: ["-Xmx512m", "-jar", "/app.jar"]\n${limit('1Gi')}`) },
    findings: 0,
  },
  {
    name: 'near miss: a fixed -Xmx beats a later MaxRAMPercentage (the JVM sizes from the limit only without one)',
    files: {
      'a.yaml': app(
        `          env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx512m"}]\n          args: ["-XX:MaxRAMPercentage=100", "-jar", "/app.jar"]\n${limit('1Gi')}`,
      ),
    },
    findings: 0,
  },
  {
    name: 'an -Xmx above the limit is not undone by a later MaxRAMPercentage=75',
    files: {
      'a.yaml': app(
        `          env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx2g"}]\n          args: ["-XX:MaxRAMPercentage=75", "-jar", "/app.jar"]\n${limit('1Gi')}`,
      ),
    },
    findings: 1,
    at: ['a.yaml:13'],
  },
  {
    name: 'near miss: MaxRAMPercentage beats the older MaxRAMFraction written after it',
    files: { 'a.yaml': app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=50 -XX:MaxRAMFraction=1"}]\n${limit('1Gi')}`) },
    findings: 0,
  },
  {
    name: '_JAVA_OPTIONS overrides the command line',
    files: {
      'a.yaml': app(`          env: [{name: _JAVA_OPTIONS, value: "-Xmx2g"}]\n          command: ["java", "-Xmx512m", "-jar", "/app.jar"]\n${limit('1Gi')}`),
    },
    findings: 1,
    at: ['a.yaml:13'],
  },
  {
    name: 'near miss: JAVA_OPTS is not read when the container runs java itself without it',
    files: { 'a.yaml': app(`          env: [{name: JAVA_OPTS, value: "-Xmx2g"}]\n          command: ["java", "-jar", "/app.jar"]\n${limit('1Gi')}`) },
    findings: 0,
  },
  {
    name: 'JAVA_OPTS passed on by the command line ($(JAVA_OPTS))',
    files: {
      'a.yaml': app(`          env: [{name: JAVA_OPTS, value: "-Xmx2g"}]\n          command: ["java", "$(JAVA_OPTS)", "-jar", "/app.jar"]\n${limit('1Gi')}`),
    },
    findings: 1,
  },
  {
    name: 'near miss: a heap flag that is not one (-Xmx in a system property value, no size)',
    files: { 'a.yaml': app(`          args: ["-Dnote=-Xmxlarge", "-jar", "/app.jar"]\n${limit('256Mi')}`) },
    findings: 0,
  },
  {
    name: 'a kubectl dump: the Deployment and two of its running pods are one template, reported once on the Deployment',
    files: {
      'a.yaml': `${app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx1g"}]\n${limit('768Mi')}`)}${[1, 2]
        .map(
          (i) => `---
apiVersion: v1
kind: Pod
metadata:
  name: api-6d8f7c9b5d-x${i}
  namespace: shop
  labels: {app: api, pod-template-hash: 6d8f7c9b5d}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api-6d8f7c9b5d, controller: true}]
spec:
  containers:
    - name: api
      image: ghcr.io/example/api:3
      env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx1g"}]
      resources: {limits: {memory: 768Mi}}
status:
  phase: Running
  containerStatuses: [{name: api, ready: true, restartCount: ${i + 3}, lastState: {terminated: {reason: OOMKilled, exitCode: 137}}}]
`,
        )
        .join('')}`,
    },
    findings: 1,
    at: ['a.yaml:13'],
  },
] satisfies CountedRuleCase[];
