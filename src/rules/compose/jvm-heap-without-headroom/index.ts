import { defineRule } from '../../../core/define-rule.js';
import { withEdits } from '../../example-edits.js';
import { FIXED_RAM_PERCENTAGE, NON_HEAP_SHARE } from '../../jvm-heap.js';
import { checkComposeJvmHeaps } from '../jvm-heap.js';

const problem = {
  description: 'The catalog service runs `java` with a 950 MiB heap in a container limited to 1g behind Traefik: 74 MiB are left for everything else.',
  files: {
    'compose.yaml': `services:
  traefik:
    image: traefik:v3.1
    command:
      - --providers.docker=true
      - --providers.docker.exposedbydefault=false
      - --entrypoints.web.address=:80
    ports:
      - "80:80"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
  catalog:
    image: eclipse-temurin:21-jre
    command: ["java", "-Xmx950m", "-jar", "/app/catalog.jar"]
    volumes:
      - ./build/catalog.jar:/app/catalog.jar:ro
    expose:
      - "8080"
    labels:
      - traefik.enable=true
      - traefik.http.routers.catalog.rule=PathPrefix(\`/catalog\`)
      - traefik.http.services.catalog.loadbalancer.server.port=8080
    deploy:
      resources:
        limits:
          memory: 1g
`,
  },
};

export default defineRule({
  id: 'compose/jvm-heap-without-headroom',
  domain: 'compose',
  cause: 'resource-exhaustion',
  severity: 'warning',
  title: "A JVM's maximum heap leaves less than a quarter of its Compose service's memory limit for non-heap memory",
  docs: {
    why: `A JVM needs memory beyond its heap: metaspace (the loaded classes, often 100 MB or more for a Spring Boot app), the JIT's code cache (up to 240 MB reserved with tiered compilation), one stack per thread (1 MB each by default on 64-bit Linux, and Tomcat runs up to 200 request threads), GC bookkeeping and direct buffers. The container's memory limit (\`mem_limit\` or \`deploy.resources.limits.memory\`) counts all of it, so a heap that takes more than ${100 - NON_HEAP_SHARE * 100}% of the limit leaves too little: under load the container is OOMKilled (exit code 137) although the heap never filled, requests in flight are cut ("upstream prematurely closed connection", 502 from nginx, Traefik or Caddy) and nothing answers until Docker restarts it. The margin kept, ${NON_HEAP_SHARE * 100}% of the limit, is what the usual guidance for JVMs in containers leaves (\`-XX:MaxRAMPercentage=${FIXED_RAM_PERCENTAGE}\`); the JVM's own default heap is 25%. A heap at or above the limit is \`compose/jvm-heap-above-memory-limit\`.`,
    problem,
    fixed: withEdits(problem, [{ file: 'compose.yaml', replace: '"-Xmx950m"', with: '"-XX:MaxRAMPercentage=75"' }]),
    remediation: `Size the heap from the limit with \`-XX:MaxRAMPercentage=${FIXED_RAM_PERCENTAGE}\` instead of a fixed \`-Xmx\`, or raise \`mem_limit\` / \`deploy.resources.limits.memory\` so that the heap is at most three quarters of it; watch the container's real use (\`docker stats\`, the JVM's \`-XX:NativeMemoryTracking=summary\`) before going tighter.`,
    references: [
      'https://docs.docker.com/reference/compose-file/deploy/#resources',
      'https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html',
      'https://docs.spring.io/spring-boot/appendix/application-properties/index.html#application-properties.server.server.tomcat.threads.max',
      'https://learn.microsoft.com/en-us/azure/developer/java/containers/overview',
    ],
  },
  check: (ctx) => checkComposeJvmHeaps(ctx, 'without-headroom'),
});
