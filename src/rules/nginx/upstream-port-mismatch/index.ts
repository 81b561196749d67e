import { defineRule, type Fix } from '../../../core/define-rule.js';
import { nginxTargetIndex } from '../../../inputs/nginx/queries.js';
import { brokenPaths, findingPath, replaceAt, rightPort } from '../../proxy-paths.js';
import { describeNginxTarget } from '../describe-target.js';

const compose = (apiPorts: string) => `services:
  web:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx/conf.d:/etc/nginx/conf.d:ro
  api:
    image: python:3.12-slim
    command: gunicorn --bind 0.0.0.0:8000 app:app
${apiPorts}`;

const site = (address: string) => `upstream api_backend {
    server ${address} max_fails=3 fail_timeout=10s;
}

server {
    listen 80;
    server_name shop.example.com;

    location /api/ {
        proxy_set_header Host $host;
        proxy_pass http://api_backend;
    }
}
`;

export default defineRule({
  id: 'nginx/upstream-port-mismatch',
  domain: 'nginx',
  cause: 'port-mismatch',
  severity: 'error',
  title: 'nginx connects to a port the backend does not listen on',
  catalog: ['X2', 'G2'],
  docs: {
    why: 'The port in `proxy_pass` or in an `upstream` server line must be the port the backend listens on inside its container (Compose) or the Service port (Kubernetes). The host port of a Compose `ports:` mapping only exists on the Docker host, and `proxy_pass http://api` without a port means port 80. A wrong port gives `connect() failed (111: Connection refused) while connecting to upstream` and a 502 on every request.',
    problem: {
      description: 'gunicorn listens on 8000 inside the `api` container; the host publishes it on 8080, and nginx uses the host port.',
      files: { 'docker-compose.yml': compose('    ports:\n      - "8080:8000"\n'), 'nginx/conf.d/default.conf': site('api:8080') },
    },
    fixed: {
      description: 'nginx uses the container port on the Compose network.',
      files: { 'docker-compose.yml': compose('    ports:\n      - "8080:8000"\n'), 'nginx/conf.d/default.conf': site('api:8000') },
    },
    remediation:
      "Use the port the backend listens on inside its container (Compose `expose`/the right side of `ports`, the app's own port setting), or the Kubernetes Service `port`; write it explicitly instead of relying on the scheme's default.",
    references: ['https://docs.docker.com/compose/how-tos/networking/', 'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server'],
  },
  check(ctx) {
    const index = nginxTargetIndex(ctx.facts.nginx);
    for (const path of brokenPaths(ctx.facts, 'nginx', 'port-mismatch')) {
      const ref = index.get(path.target.id);
      if (!ref) continue;
      const address = ref.kind === 'pass' ? ref.pass : ref.server;
      const what = describeNginxTarget(ref, path);
      const implied = address.port === undefined ? path.target.defaultPort : undefined;
      const right = rightPort(path);
      let fix: Fix | undefined;
      if (right !== undefined && address.portAt) fix = replaceAt(address.portAt, String(right), `connect to port ${right}`);
      else if (right !== undefined && implied !== undefined && address.hostAt?.endColumn !== undefined) {
        const end = { ...address.hostAt, column: address.hostAt.endColumn };
        fix = replaceAt(end, `:${right}`, `write the port ${right} (without one nginx uses ${implied})`);
      }
      ctx.report({
        message: `${what}${implied !== undefined ? ` connects to port ${implied}, the default when none is written` : ''}: ${path.problem.reason}.`,
        at: address.portAt ?? address.hostAt ?? path.target.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
        ...(path.backend?.at ? { related: [{ at: path.backend.at, message: `${path.backend.label}` }] } : {}),
      });
    }
  },
});
