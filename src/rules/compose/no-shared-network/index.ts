import { defineRule } from '../../../core/define-rule.js';
import { attachedNetworks, networkNamespace } from '../../../inputs/compose/queries.js';
import { composePaths, describeRoute, reporter } from '../compose-paths.js';
import { addNetwork } from '../yaml-edits.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  description: 'nginx is on `front`; `api` has no `networks:` key, so it is on `default` only.',
  files: {
    'docker-compose.yml': `services:
  proxy:
    image: nginx:1.27
    ports:
      - "80:80"
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro
    networks:
      - front
  api:
    image: example/api:1.4
    expose:
      - "3000"
networks:
  front:
`,
    'nginx.conf': `server {
    listen 80;
    location / {
        proxy_pass http://api:3000;
    }
}
`,
  },
};

export default defineRule({
  id: 'compose/no-shared-network',
  domain: 'compose',
  cause: 'network-blocked',
  severity: 'error',
  title: 'A proxy and its backend share no Compose network',
  catalog: ['X6', 'F3'],
  docs: {
    why: 'Compose services reach each other only on a network both are attached to; a service with no `networks:` key is on `default` only. When the proxy is on `front` and the backend on `back` (or on `default`), the backend\'s name does not resolve from the proxy\'s container: nginx fails at start-up with `host not found in upstream "api:3000"` or, with a resolver, answers 502 with `api could not be resolved (3: Host not found)`. `docker compose config` accepts the file because every network exists.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'docker-compose.yml',
        replace: '      - "3000"',
        with: `      - "3000"
    networks:
      - front`,
      },
    ]),
    remediation:
      "Attach the backend to a network the proxy is on (add it under the backend's `networks:`; keep `default` if other services reach it there), or attach the proxy to the backend's network. `docker compose exec <proxy> getent hosts <backend>` confirms the name resolves.",
    references: ['https://docs.docker.com/compose/how-tos/networking/', 'https://docs.docker.com/reference/compose-file/services/#networks'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const { path, info } of composePaths(ctx)) {
      if (info.kind !== 'no-shared-network') continue;
      const backend = info.backend.service;
      const proxyNs = networkNamespace(info.proxy);
      const proxyNetworks = proxyNs.kind === 'service' ? attachedNetworks(proxyNs.owner.project, proxyNs.owner.service) : [];
      const sameProject = info.backend.project === info.proxy.project;
      const network = proxyNetworks[0];
      const fix = sameProject && network ? addNetwork(ctx.facts, backend, network.key) : undefined;
      const related = [{ at: path.target.at, message: `${path.proxy.label} targets \`${path.target.text}\` here` }];
      if (info.proxy.service.networksAt) related.push({ at: info.proxy.service.networksAt, message: `\`${info.proxy.service.name}\` joins its networks here` });
      report(
        {
          message: `${describeRoute(path)}, but ${path.problem?.reason ?? `\`${info.proxy.service.name}\` and \`${backend.name}\` share no network`}${backend.networksAt ? '' : ` (\`${backend.name}\` has no \`networks:\` key, so it is on \`default\` only)`}.`,
          at: backend.networksAt ?? backend.at,
          ...(fix ? { fix } : {}),
          path: path.steps,
          related,
        },
        `${info.proxy.project.id}/${info.proxy.service.name}->${backend.name}`,
      );
    }
  },
});
