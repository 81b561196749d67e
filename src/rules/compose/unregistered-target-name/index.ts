import { defineRule } from '../../../core/define-rule.js';
import { composePaths, describeRoute, reporter } from '../compose-paths.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  description: 'nginx uses `api.internal`, which is only the `hostname` of the `api` service.',
  files: {
    'compose.yaml': `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
  api:
    image: example/api:2.0
    hostname: api.internal
    expose:
      - "8000"
`,
    'nginx/default.conf': `server {
    listen 80;
    location /api/ {
        proxy_pass http://api.internal:8000/;
    }
}
`,
  },
};

export default defineRule({
  id: 'compose/unregistered-target-name',
  domain: 'compose',
  cause: 'dns-failure',
  severity: 'error',
  title: 'A proxy targets a name Compose does not register on a shared network',
  catalog: ['X1'],
  docs: {
    why: "Docker's embedded DNS answers, on each network, the service name, the `container_name` and the aliases declared for that network. A `hostname:` only names the container to itself, and an alias declared under network `back` does not exist on `front`. A proxy using such a name fails like a typo would: nginx exits with `host not found in upstream`, HAProxy with `could not resolve address`, even though the name appears in the Compose file.",
    problem,
    fixed: withEdits(
      problem,
      [
        {
          file: 'compose.yaml',
          replace: '      - "8000"',
          with: `      - "8000"
    networks:
      default:
        aliases:
          - api.internal`,
        },
      ],
      'The name is declared as a network alias of `api` on the network both services share.',
    ),
    remediation:
      'Target the service name (or its `container_name`), or declare the name under `aliases:` of the backend on a network the proxy shares with it. `docker compose exec <proxy> getent hosts <name>` shows whether it resolves.',
    references: ['https://docs.docker.com/reference/compose-file/services/#aliases', 'https://docs.docker.com/engine/network/#dns-services'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const { path, info } of composePaths(ctx)) {
      if (info.kind === 'hostname-only') {
        const hostname = info.backend.service.hostname;
        report({
          message: `${describeRoute(path)}, but \`${info.name}\` is only the \`hostname\` of \`${info.backend.service.name}\`: Docker's DNS does not register it for other containers. Target \`${info.backend.service.name}\` or declare \`${info.name}\` as a network alias.`,
          at: hostname?.at ?? info.backend.service.at,
          path: path.steps,
          related: [{ at: path.target.at, message: `${path.proxy.label} targets \`${path.target.text}\` here` }],
        });
      } else if (info.kind === 'alias-other-network') {
        const alias = info.backend.service.networks
          .flatMap((n) => n.aliases.map((a) => ({ network: n.name, alias: a })))
          .find((a) => a.alias.value.toLowerCase() === info.name);
        report({
          message: `${describeRoute(path)}, but ${path.problem?.reason ?? `\`${info.name}\` is an alias on another network`}. Declare the alias on a network \`${info.proxy.service.name}\` shares with \`${info.backend.service.name}\`.`,
          at: alias?.alias.at ?? info.backend.service.at,
          path: path.steps,
          related: [{ at: path.target.at, message: `${path.proxy.label} targets \`${path.target.text}\` here` }],
        });
      }
    }
  },
});
