import { defineRule } from '../../../core/define-rule.js';
import { withEdits } from '../../example-edits.js';
import { deployment, service } from '../examples.js';
import { checkJvmHeaps } from '../jvm-heap.js';

const problem = {
  description: 'The orders service runs with a fixed 2 GiB heap in a container limited to 1536Mi.',
  files: {
    'k8s/orders.yaml': `${deployment({
      name: 'orders',
      namespace: 'shop',
      image: 'ghcr.io/example/orders:5.1.0',
      container: `env:
  - name: JAVA_TOOL_OPTIONS
    value: "-Xms1g -Xmx2g -XX:+UseG1GC"
ports:
  - name: http
    containerPort: 8080
resources:
  requests:
    memory: 1Gi
  limits:
    memory: 1536Mi
`,
    })}---
${service({
  name: 'orders',
  namespace: 'shop',
  ports: `- name: http
  port: 80
  targetPort: http
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/jvm-heap-above-memory-limit',
  domain: 'kubernetes',
  cause: 'resource-exhaustion',
  severity: 'error',
  title: "A JVM's maximum heap is at or above its container's memory limit",
  docs: {
    why: 'The kernel kills a container whose memory reaches its limit (`OOMKilled`, exit code 137). A fixed `-Xmx` (or `-XX:MaxHeapSize`, `-XX:MaxRAMPercentage=100`) at or above the limit lets the heap alone fill it, and the JVM needs memory beyond the heap (metaspace, code cache, thread stacks, GC structures): under load, once the heap grows, the pod is killed mid-request. The proxy in front sees "upstream prematurely closed connection" (nginx 502) for the requests in flight, then "connection refused" until the container restarts, and the pod ends in CrashLoopBackOff. The flag is read where the JVM reads it: `JAVA_TOOL_OPTIONS`, `JDK_JAVA_OPTIONS`, `_JAVA_OPTIONS`, a start script\'s `JAVA_OPTS`-style variable, `command` and `args` (the last one wins, and a fixed size wins over a percentage); the limit is the container\'s own or its namespace\'s LimitRange default.',
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/orders.yaml', replace: '"-Xms1g -Xmx2g -XX:+UseG1GC"', with: '"-Xms1g -XX:MaxRAMPercentage=75 -XX:+UseG1GC"' }]),
    remediation:
      'Size the heap from the limit with `-XX:MaxRAMPercentage=75` instead of a fixed `-Xmx` (the JVM reads the cgroup limit: JDK 10+, 8u191+), or raise `resources.limits.memory` to the heap plus at least a third of it for non-heap memory.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-limits-are-run',
      'https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html',
      'https://learn.microsoft.com/en-us/azure/developer/java/containers/overview',
    ],
  },
  check: (ctx) => checkJvmHeaps(ctx, 'above-limit'),
});
