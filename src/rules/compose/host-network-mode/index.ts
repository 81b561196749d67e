import { defineRule } from '../../../core/define-rule.js';
import { composePaths, describeRoute, reporter } from '../compose-paths.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  description: 'The backend runs on the host network while nginx reaches it by its service name.',
  files: {
    'docker-compose.yml': `services:
  nginx:
    image: nginx:1.27
    ports:
      - "80:80"
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro
  metrics:
    image: example/metrics:3
    network_mode: host
    environment:
      PORT: "9100"
`,
    'nginx.conf': `server {
    listen 80;
    location /metrics {
        proxy_pass http://metrics:9100;
    }
}
`,
  },
};

export default defineRule({
  id: 'compose/host-network-mode',
  domain: 'compose',
  cause: 'dns-failure',
  severity: 'error',
  title: 'network_mode host separates a proxy from backends reached by Compose name',
  catalog: ['F5'],
  docs: {
    why: "A container with `network_mode: host` uses the host's network stack: it is on no Compose network, so other containers cannot resolve its service name, and it cannot resolve theirs (it uses the host's resolver). A proxy on the host network that targets `api:3000`, or a proxy on a bridge network that targets a backend running with `network_mode: host`, gets `host not found in upstream` / `Name or service not known`.",
    problem,
    fixed: withEdits(
      problem,
      [
        {
          file: 'docker-compose.yml',
          replace: `    image: example/metrics:3
    network_mode: host`,
          with: '    image: example/metrics:3',
        },
      ],
      'The backend joins the default network and publishes nothing it does not need to.',
    ),
    remediation:
      'Remove `network_mode: host` and let the service join the proxy\'s network (publish ports only where the host needs them); if host networking is required, target it through the host instead (`host.docker.internal` with `extra_hosts: ["host.docker.internal:host-gateway"]`).',
    references: ['https://docs.docker.com/reference/compose-file/services/#network_mode', 'https://docs.docker.com/engine/network/drivers/host/'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const { path, info } of composePaths(ctx)) {
      if (info.kind === 'backend-host-network') {
        report({
          message: `${describeRoute(path)}, but \`${info.backend.service.name}\` runs with \`network_mode: host\`: it has no name on Compose networks, so \`${path.target.host}\` does not resolve from \`${info.proxy.service.name}\`.`,
          at: info.backend.service.networkMode?.at ?? info.backend.service.at,
          path: path.steps,
          related: [{ at: path.target.at, message: `${path.proxy.label} targets \`${path.target.text}\` here` }],
        });
      } else if (info.kind === 'proxy-host-network') {
        report({
          message: `${describeRoute(path)}, but ${path.problem?.reason ?? `\`${info.proxy.service.name}\` runs with \`network_mode: host\``}.`,
          at: info.proxy.service.networkMode?.at ?? info.proxy.service.at,
          path: path.steps,
          related: [{ at: path.target.at, message: `${path.proxy.label} targets \`${path.target.text}\` here` }],
        });
      }
    }
  },
});
