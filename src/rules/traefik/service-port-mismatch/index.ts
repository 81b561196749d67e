import { defineRule } from '../../../core/define-rule.js';
import { traefikTargetIndex } from '../../../inputs/traefik/queries.js';
import { replaceValue } from '../../text-edits.js';
import { brokenPaths, findingPath, insertLinesBefore, rightPort } from '../../proxy-paths.js';
import { traefikService } from '../examples.js';

const compose = (port: string) => `${traefikService()}  api:
    image: ghcr.io/example/orders-api:2.3
    environment:
      PORT: "3000"
    labels:
      - "traefik.http.routers.api.rule=Host(\`api.example.com\`)"
      - "traefik.http.routers.api.entrypoints=web"
      - "traefik.http.services.api.loadbalancer.server.port=${port}"
`;

export default defineRule({
  id: 'traefik/service-port-mismatch',
  domain: 'traefik',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'A Traefik service sends requests to a port the container does not listen on',
  catalog: ['X2'],
  docs: {
    why: 'Traefik connects to the container on `loadbalancer.server.port` (or, without that label, on the lowest port the container exposes; a file provider uses the port of the server URL). When the app listens elsewhere, every request fails with `502 Bad Gateway` and the log says `dial tcp 172.18.0.3:8080: connect: connection refused`. A published host port (`"8080:3000"`) does not count: Traefik talks to the container directly.',
    problem: {
      description: 'The API listens on 3000 (its PORT); the label says 8080.',
      files: { 'docker-compose.yml': compose('8080') },
    },
    fixed: { files: { 'docker-compose.yml': compose('3000') } },
    remediation:
      'Set `traefik.http.services.<name>.loadbalancer.server.port` to the port the process listens on inside the container (the file provider: use that port in the server URL).',
    references: ['https://doc.traefik.io/traefik/routing/providers/docker/#port', 'https://doc.traefik.io/traefik/providers/docker/#port-detection'],
  },
  check(ctx) {
    const index = traefikTargetIndex(ctx.facts.traefik);
    for (const path of brokenPaths(ctx.facts, 'traefik', 'port-mismatch')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const right = rightPort(path);
      const { server, service, container } = ref;
      let fix = right !== undefined && server.portAt ? replaceValue(ctx.facts, server.portAt, String(right), `send requests to port ${right}`) : undefined;
      if (!fix && right !== undefined && container && service.protocol !== 'udp' && server.detectedFrom) {
        const key = `traefik.${service.protocol}.services.${service.name}.loadbalancer.server.port`;
        fix = insertLinesBefore(
          ctx.facts,
          container.labelsAt,
          [container.labelsForm === 'list' ? `- "${key}=${right}"` : `${key}: "${right}"`],
          `set the service port to ${right}`,
        );
      }
      const detected = server.detectedFrom ? ` (no port label: Traefik uses ${server.detectedFrom})` : '';
      // The Kubernetes provider refuses a Service port that does not exist and drops the route.
      const effect = service.provider === 'kubernetescrd' ? "Traefik's Kubernetes provider drops the route (404)" : 'Traefik answers 502 Bad Gateway';
      ctx.report({
        message: `${path.target.route}: ${server.text}${detected}: ${path.problem.reason}; ${effect}.`,
        at: server.portAt ?? server.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
        ...(path.backend?.at ? { related: [{ at: path.backend.at, message: path.backend.label }] } : {}),
      });
    }
  },
});
