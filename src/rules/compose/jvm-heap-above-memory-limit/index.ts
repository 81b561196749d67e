import { defineRule } from '../../../core/define-rule.js';
import { withEdits } from '../../example-edits.js';
import { FIXED_RAM_PERCENTAGE } from '../../jvm-heap.js';
import { checkComposeJvmHeaps } from '../jvm-heap.js';

const problem = {
  description: 'The orders service (Spring Boot) runs with a fixed 2 GiB heap in a container limited to 1536m; nginx proxies to it.',
  files: {
    'docker-compose.yml': `services:
  proxy:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
    depends_on:
      orders:
        condition: service_healthy
  orders:
    image: ghcr.io/example/orders:5.1.0
    environment:
      SPRING_PROFILES_ACTIVE: prod
      JAVA_TOOL_OPTIONS: "-Xms1g -Xmx2g -XX:+UseG1GC"
    expose:
      - "8080"
    healthcheck:
      test: ["CMD", "curl", "-fsS", "http://localhost:8080/actuator/health"]
      interval: 10s
    mem_limit: 1536m
`,
    'nginx/default.conf': `server {
    listen 80;
    resolver 127.0.0.11 valid=10s;
    location / {
        set $orders http://orders:8080;
        proxy_pass $orders;
    }
}
`,
  },
};

export default defineRule({
  id: 'compose/jvm-heap-above-memory-limit',
  domain: 'compose',
  cause: 'resource-exhaustion',
  severity: 'error',
  title: "A JVM's maximum heap is at or above its Compose service's memory limit",
  docs: {
    why: 'Docker has the kernel kill a container whose memory reaches its limit (`mem_limit` or `deploy.resources.limits.memory`; `docker inspect` shows `"OOMKilled": true`, exit code 137). A fixed `-Xmx` (or `-XX:MaxHeapSize`, `-XX:MaxRAMPercentage=100`) at or above the limit lets the heap alone fill it, and the JVM needs memory beyond the heap (metaspace, code cache, thread stacks, GC structures): under load, once the heap grows, the container is killed mid-request. The proxy in front sees "upstream prematurely closed connection" (nginx 502, Traefik and Caddy likewise) for the requests in flight, then "connection refused" or "host not found" until Docker restarts it (with `restart:`), or for good. The flag is read where the JVM reads it: `JAVA_TOOL_OPTIONS`, `JDK_JAVA_OPTIONS`, `_JAVA_OPTIONS`, a start script\'s `JAVA_OPTS`-style variable (from `environment`, `env_file` or the Dockerfile\'s `ENV`, after `.env` interpolation), `entrypoint` and `command` (the last one wins, and a fixed size wins over a percentage).',
    problem,
    fixed: withEdits(problem, [{ file: 'docker-compose.yml', replace: '"-Xms1g -Xmx2g -XX:+UseG1GC"', with: '"-Xms1g -XX:MaxRAMPercentage=75 -XX:+UseG1GC"' }]),
    remediation: `Size the heap from the limit with \`-XX:MaxRAMPercentage=${FIXED_RAM_PERCENTAGE}\` instead of a fixed \`-Xmx\` (the JVM reads the container's cgroup limit: JDK 10+, 8u191+), or raise \`mem_limit\` / \`deploy.resources.limits.memory\` to the heap plus at least a third of it for non-heap memory.`,
    references: [
      'https://docs.docker.com/reference/compose-file/services/#mem_limit',
      'https://docs.docker.com/reference/compose-file/deploy/#resources',
      'https://docs.docker.com/engine/containers/resource_constraints/#memory',
      'https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html',
    ],
  },
  check: (ctx) => checkComposeJvmHeaps(ctx, 'above-limit'),
});
