import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { UpstreamTarget } from '../../../evidence/topology/model.js';
import type { NginxConfig, NginxPass } from '../../../inputs/nginx/model.js';
import { nginxTargetIndex } from '../../../inputs/nginx/queries.js';
import { isIpLiteral } from '../../../inputs/nginx/values.js';
import { editDistance, findingPath, pathsByTarget, proxyOwnsFix, renameHost, replaceAt, suggestedName } from '../../proxy-paths.js';
import { describeNginxTarget } from '../describe-target.js';
import { isLoopbackHost } from '../../../core/loopback.js';

const COMPOSE = `services:
  gateway:
    image: nginx:1.27-alpine
    ports:
      - "443:443"
      - "80:80"
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
    networks: [edge]
  orders:
    image: ghcr.io/example/orders:2.3
    environment:
      PORT: "8080"
    expose: ["8080"]
    networks: [edge]
networks:
  edge: {}
`;

const conf = (host: string) => `worker_processes auto;
events { worker_connections 1024; }

http {
  upstream orders_api {
    server ${host}:8080;
  }

  server {
    listen 80;
    location /orders/ {
      proxy_pass http://orders_api;
    }
  }
}
`;

export default defineRule({
  id: 'nginx/upstream-host-unresolvable',
  domain: 'nginx',
  cause: 'dns-failure',
  severity: 'error',
  title: 'An upstream host name does not resolve where nginx runs',
  catalog: ['G1', 'X1', 'X14'],
  docs: {
    why: 'nginx resolves the host of every `proxy_pass` and `upstream` server line once, when it loads its configuration. A name that does not resolve there stops it: `nginx: [emerg] host not found in upstream "order:8080"`, the container exits and restarts in a loop, and every site it serves is down, not only that route. With a variable `proxy_pass` the lookup happens per request and each one fails with 502 ("could not be resolved (3: Host not found)"). In Compose only service names, aliases and container names on a shared network resolve; in Kubernetes only Service names (with their namespace when it differs).',
    problem: {
      description: 'The Compose service is `orders`; the upstream names `order`.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('order') },
    },
    fixed: {
      files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('orders') },
    },
    remediation:
      'Use a name that exists where nginx runs: the Compose service name (or an alias) on a network both services join, the Kubernetes Service name (`svc.namespace` from another namespace), or the name of an `upstream` block; check the spelling against the definitions.',
    references: [
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server',
      'https://docs.docker.com/compose/how-tos/networking/',
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
    ],
  },
  check(ctx) {
    const index = nginxTargetIndex(ctx.facts.nginx);
    for (const [id, path] of pathsByTarget(ctx.facts, 'nginx')) {
      const ref = index.get(id);
      if (!ref) continue;
      const address = ref.kind === 'pass' ? ref.pass : ref.server;
      const host = path.target.host;
      if (host === undefined) continue;
      const what = describeNginxTarget(ref, path);
      const typo = ref.kind === 'pass' ? upstreamTypo(ref.config, ref.pass) : undefined;
      if (path.status === 'broken' && path.problem?.cause === 'dns-failure' && proxyOwnsFix(path)) {
        const perRequest = ref.kind === 'pass' && ref.pass.variables.length > 0;
        const effect = perRequest
          ? 'Every request through it fails with 502 (could not be resolved)'
          : `nginx refuses to start: host not found in upstream "${upstreamText(path.target)}"`;
        const suggestion = typo ?? suggestedName(path);
        const fix = suggestion && address.hostAt ? renameHost(address.hostAt, host, suggestion) : undefined;
        ctx.report({
          message: `${what}: ${path.problem.reason}. ${effect}.`,
          at: address.hostAt ?? path.target.at,
          path: findingPath(path),
          ...(fix ? { fix } : {}),
        });
      } else if (typo && path.status !== 'resolved' && ref.kind === 'pass') {
        // Where nginx runs is unknown, but a near-copy of an upstream block name is almost certainly a typo.
        const fix: Fix | undefined = address.hostAt ? replaceAt(address.hostAt, typo, `use the upstream block \`${typo}\``) : undefined;
        ctx.report({
          message: `${what}: \`${host}\` is not an upstream block (did you mean \`${typo}\`?), so nginx looks it up in DNS at start-up and refuses to start when it does not resolve.`,
          at: address.hostAt ?? path.target.at,
          ...(fix ? { fix } : {}),
          related: ref.config.upstreams.filter((u) => u.name.value === typo).map((u) => ({ at: u.name.at, message: `upstream \`${typo}\`` })),
        });
      }
    }
  },
});

/** What nginx names in "host not found in upstream": host and port as written, without scheme or path. */
function upstreamText(target: UpstreamTarget): string {
  return target.port !== undefined ? `${target.host}:${target.port}` : (target.host ?? target.text);
}

/** The upstream block a host name is a near-copy of (one or two letters off), when it is not a block itself. */
function upstreamTypo(config: NginxConfig, pass: NginxPass): string | undefined {
  const host = pass.host;
  if (!host || pass.upstream || pass.port !== undefined || pass.dynamic || isIpLiteral(host) || isLoopbackHost(host) || host.includes('.')) return undefined;
  const names = config.upstreams.filter((u) => u.context === pass.context).map((u) => u.name.value);
  const close = names.filter((n) => {
    const d = editDistance(host.toLowerCase(), n.toLowerCase());
    return d > 0 && d <= (n.length <= 4 ? 1 : 2);
  });
  return close.length === 1 ? close[0] : undefined;
}
