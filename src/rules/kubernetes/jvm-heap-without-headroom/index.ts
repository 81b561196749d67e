import { defineRule } from '../../../core/define-rule.js';
import { withEdits } from '../../example-edits.js';
import { deployment } from '../examples.js';
import { NON_HEAP_SHARE } from '../../jvm-heap.js';
import { checkJvmHeaps } from '../jvm-heap.js';

const problem = {
  description: 'The search service starts `java` with a 950 MiB heap in a container limited to 1Gi: 74 MiB are left for everything else.',
  files: {
    'k8s/search.yaml': deployment({
      name: 'search',
      namespace: 'shop',
      image: 'eclipse-temurin:21-jre',
      container: `command: ["java"]
args: ["-Xmx950m", "-jar", "/app/search.jar"]
ports:
  - name: http
    containerPort: 8080
resources:
  limits:
    memory: 1Gi
`,
    }),
  },
};

export default defineRule({
  id: 'kubernetes/jvm-heap-without-headroom',
  domain: 'kubernetes',
  cause: 'resource-exhaustion',
  severity: 'warning',
  title: "A JVM's maximum heap leaves less than a quarter of its container's memory limit for non-heap memory",
  docs: {
    why: `A JVM needs memory beyond its heap: metaspace (the loaded classes, often 100 MB or more for a Spring Boot app), the JIT's code cache (up to 240 MB reserved with tiered compilation), one stack per thread (1 MB each by default on 64-bit Linux, and Tomcat runs up to 200 request threads), GC bookkeeping and direct buffers. The container's memory limit counts all of it, so a heap that takes more than ${100 - NON_HEAP_SHARE * 100}% of the limit leaves too little: under load the container is OOMKilled (exit code 137) although the heap never filled, requests in flight are cut ("upstream prematurely closed connection", 502) and the pod refuses connections until it restarts. The margin kept, ${NON_HEAP_SHARE * 100}% of the limit, is what the usual guidance for JVMs in containers leaves (\`-XX:MaxRAMPercentage=75\`); the JVM's own default heap is 25%. A heap at or above the limit is \`kubernetes/jvm-heap-above-memory-limit\`.`,
    problem,
    fixed: withEdits(problem, [{ file: 'k8s/search.yaml', replace: '"-Xmx950m"', with: '"-XX:MaxRAMPercentage=75"' }]),
    remediation:
      "Size the heap from the limit with `-XX:MaxRAMPercentage=75` instead of a fixed `-Xmx`, or raise `resources.limits.memory` so that the heap is at most three quarters of it; watch the pod's real use (`kubectl top pod`, the JVM's `-XX:NativeMemoryTracking=summary`) before going tighter.",
    references: [
      'https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html',
      'https://docs.spring.io/spring-boot/appendix/application-properties/index.html#application-properties.server.server.tomcat.threads.max',
      'https://learn.microsoft.com/en-us/azure/developer/java/containers/overview',
    ],
  },
  check: (ctx) => checkJvmHeaps(ctx, 'without-headroom'),
});
