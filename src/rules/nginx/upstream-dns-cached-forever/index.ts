import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { LintFacts } from '../../../evidence/lint-facts.js';
import type { ResolvedPath } from '../../../evidence/topology/model.js';
import type { NginxPass } from '../../../inputs/nginx/model.js';
import { nginxTargetIndex } from '../../../inputs/nginx/queries.js';
import { changingAddressReason, runtimeResolver } from '../dynamic-addresses.js';
import { describeNginxTarget, findingPath, indentationOf, pathsByTarget, replaceAt } from '../paths.js';

const COMPOSE = `services:
  proxy:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
    restart: unless-stopped
  app:
    image: ghcr.io/example/app:latest
    environment:
      PORT: "8000"
    expose:
      - "8000"
    restart: unless-stopped
`;

const conf = (location: string) => `events {}

http {
  server {
    listen 80;

    location / {
      proxy_set_header Host $host;
${location}
    }
  }
}
`;

export default defineRule({
  id: 'nginx/upstream-dns-cached-forever',
  domain: 'nginx',
  cause: 'dns-failure',
  severity: 'warning',
  title: 'nginx resolves a backend name once and keeps the address while the backend moves',
  catalog: ['G3'],
  docs: {
    why:
      'A host name written literally in `proxy_pass` or in an `upstream` server line is resolved once, when nginx starts, and the address is kept until the next restart or reload, whatever its TTL. A Compose container that is recreated (a new image, `docker compose up -d` after a change) gets a new IP; a headless Kubernetes Service answers with pod IPs that change on every rollout; a cloud load balancer rotates its addresses. nginx then keeps sending to the old address: `connect() failed (113: No route to host)` or timeouts, 502/504 until nginx is restarted.',
    problem: {
      description: 'The app is redeployed by recreating its container; nginx keeps its start-up address.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('      proxy_pass http://app:8000;') },
    },
    fixed: {
      description: "Docker's DNS (127.0.0.11) is asked at request time, with answers cached for 10 s.",
      files: {
        'docker-compose.yml': COMPOSE,
        'nginx/nginx.conf': conf('      resolver 127.0.0.11 valid=10s ipv6=off;\n      set $app_upstream http://app:8000;\n      proxy_pass $app_upstream;'),
      },
    },
    remediation:
      'Let nginx resolve at request time: a `resolver` (127.0.0.11 in Docker, the cluster DNS Service in Kubernetes, with a short `valid=`) and the address in a variable (`set $backend http://app:8000; proxy_pass $backend;` — note that a variable `proxy_pass` passes the request URI unchanged), or `server app:8000 resolve;` in an `upstream` with a `zone` (nginx 1.27.3+ or NGINX Plus). In Kubernetes prefer a ClusterIP Service, whose address is stable.',
    references: [
      'https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver',
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#resolve',
      'https://github.com/yandex/gixy/issues/121',
      'https://github.com/NginxProxyManager/nginx-proxy-manager/issues/5602',
    ],
  },
  check(ctx) {
    const index = nginxTargetIndex(ctx.facts.nginx);
    for (const [id, path] of pathsByTarget(ctx.facts, 'nginx')) {
      const ref = index.get(id);
      const host = path.target.host;
      if (!ref || !host || path.target.dynamic) continue;
      // Variables make nginx resolve per request (with a resolver; G4 covers a missing one); `resolve` does the same for upstreams.
      if (ref.kind === 'pass' && ref.pass.variables.length > 0) continue;
      if (ref.kind === 'upstream-server' && ref.server.resolve) continue;
      const reason = changingAddressReason(ctx.facts, path, host);
      if (!reason) continue;
      const address = ref.kind === 'pass' ? ref.pass : ref.server;
      const fix = ref.kind === 'pass' ? variableFix(ctx.facts, ref.pass, path) : undefined;
      ctx.report({
        message: `${describeNginxTarget(ref, path)}: nginx resolves \`${host}\` once at start-up and keeps that address, but ${reason}; requests then go to a stale address until nginx restarts.`,
        at: address.hostAt ?? path.target.at,
        path: findingPath(path),
        ...(fix ? { fix } : {}),
      });
    }
  },
});

/**
 * `proxy_pass http://app:8000;` → resolver + variable. Only for a URL without a path: with a variable,
 * nginx passes the original request URI instead of replacing the location prefix, so a path would change meaning.
 */
function variableFix(facts: LintFacts, pass: NginxPass, path: ResolvedPath): Fix | undefined {
  const resolver = runtimeResolver(path);
  if (!resolver || pass.path !== undefined || pass.directive !== 'proxy_pass' || pass.context !== 'http' || !pass.host) return undefined;
  let host = pass.host;
  if (path.proxy.runtime?.platform === 'kubernetes') {
    // nginx's resolver does not apply resolv.conf search domains: a Service needs its full name.
    const namespace = /^k8s:([^/]+)\//.exec(path.proxy.runtime.id)?.[1];
    if (host.includes('.') || !namespace || namespace === '-') return undefined;
    host = `${host}.${namespace}.svc.cluster.local`;
  }
  const variable = `$${pass.host.replace(/[^A-Za-z0-9]/g, '_')}_upstream`;
  const port = pass.port !== undefined ? `:${pass.port}` : '';
  const lines = [
    ...(pass.settings.resolver ? [] : [`resolver ${resolver} valid=10s ipv6=off;`]),
    `set ${variable} ${pass.scheme ?? 'http'}://${host}${port};`,
    `proxy_pass ${variable};`,
  ];
  const indent = indentationOf(facts, pass.at);
  return replaceAt(pass.at, lines.join(`\n${indent}`), 'resolve the name per request through a resolver and a variable');
}
