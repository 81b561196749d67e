import { defineRule } from '../../../core/define-rule.js';
import type { NginxConfig, NginxDirective, NginxPass } from '../../../inputs/nginx/model.js';
import { isIpLiteral } from '../../../inputs/nginx/values.js';
import { runtimeResolver } from '../../dynamic-addresses.js';
import { findingPath, insertLinesBefore, pathsByTarget } from '../../proxy-paths.js';

const COMPOSE = `services:
  edge:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx/conf.d:/etc/nginx/conf.d:ro
  catalog:
    image: ghcr.io/example/catalog:1.8
    expose:
      - "8080"
`;

const site = (resolver: string) => `server {
    listen 80;
    server_name shop.example.com;
${resolver}
    location /catalog/ {
        # Resolved per request, so nginx starts even while catalog is down.
        set $catalog_upstream http://catalog:8080;
        proxy_pass $catalog_upstream;
    }
}
`;

export default defineRule({
  id: 'nginx/variable-pass-without-resolver',
  domain: 'nginx',
  cause: 'config-error',
  severity: 'error',
  title: 'A proxy_pass with a variable host has no resolver',
  catalog: ['G4'],
  docs: {
    why: 'When the host of `proxy_pass` (or another pass) comes from a variable, nginx resolves it for each request with its own DNS client, configured by `resolver`; it does not read /etc/resolv.conf or /etc/hosts. Without a `resolver` in effect every such request fails: `no resolver defined to resolve catalog while sending to client` and a 502. `nginx -t` does not catch it. An IP literal or the name of an `upstream` block needs no resolver.',
    problem: {
      description: 'The variable idiom (so nginx starts while `catalog` is down) without a resolver.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/conf.d/shop.conf': site('') },
    },
    fixed: { files: { 'docker-compose.yml': COMPOSE, 'nginx/conf.d/shop.conf': site('    resolver 127.0.0.11 valid=10s ipv6=off;\n') } },
    remediation:
      'Add a `resolver` where the pass is (or in `server`/`http`): `127.0.0.11` in Docker/Compose, the cluster DNS Service in Kubernetes (then use the full `svc.namespace.svc.cluster.local` name, as nginx applies no search domains), with a short `valid=`.',
    references: ['https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver', 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass'],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'nginx');
    for (const config of ctx.facts.nginx.configs) {
      const upstreams = new Set(config.upstreams.map((u) => u.name.value.toLowerCase()));
      const maps = mapValues(config);
      for (const pass of config.passes) {
        // A resolver may come from an include that was not read (SWAG's /config/nginx/resolver.conf).
        if (pass.settings.resolver || pass.settings.unreadInclude || !hostFromVariable(pass)) continue;
        if (config.templated && pass.variables.every((v) => /^[A-Z][A-Z0-9_]*$/.test(v))) continue;
        if (pass.host && !pass.dynamic && (isIpLiteral(pass.host) || upstreams.has(pass.host.toLowerCase()))) continue;
        if (pass.dynamic && resolvesWithoutDns(pass, maps, upstreams)) continue;
        const path = paths.get(pass.id);
        const resolver = runtimeResolver(path);
        ctx.report({
          message: `${pass.directive} ${pass.url.value} (${pass.route}) takes its host from a variable and no \`resolver\` is set: every request fails with 502 (no resolver defined to resolve${pass.host && !pass.dynamic ? ` ${pass.host}` : ''}).`,
          at: pass.url.at,
          ...(path ? { path: findingPath(path) } : {}),
          ...(resolver ? { fix: insertLinesBefore(ctx.facts, pass.at, [`resolver ${resolver} valid=10s ipv6=off;`], `resolve through ${resolver}`) } : {}),
        });
      }
    }
  },
});

/** The host (not only the path) of the URL comes from a variable. */
function hostFromVariable(pass: NginxPass): boolean {
  if (pass.variables.length === 0 || pass.unixSocket !== undefined) return false;
  const afterScheme = pass.url.value.replace(/^[a-z]+:\/\//i, '');
  const authority = /^[^/]*/.exec(afterScheme.replace(/\$\{?(?:request_uri|uri|document_uri)\b\}?.*$/, ''))?.[0] ?? '';
  return /\$/.test(authority);
}

/** A host variable set by a `map` whose every value is an upstream block or an IP needs no DNS. */
function resolvesWithoutDns(pass: NginxPass, maps: Map<string, string[]>, upstreams: Set<string>): boolean {
  const afterScheme = pass.url.value.replace(/^[a-z$]+:\/\//i, '');
  const m = /^\$\{?([A-Za-z0-9_]+)\}?(?::\d+)?(?:\/|$)/.exec(afterScheme);
  const values = m ? maps.get(m[1]) : undefined;
  if (!values || values.length === 0) return false;
  return values.every((v) => {
    const host = v.replace(/^[a-z]+:\/\//i, '').replace(/[:/].*$/, '');
    return upstreams.has(host.toLowerCase()) || isIpLiteral(host);
  });
}

/** `map $x $backend { … }` → backend → the values it can take. */
function mapValues(config: NginxConfig): Map<string, string[]> {
  const maps = new Map<string, string[]>();
  const visit = (list: readonly NginxDirective[]) => {
    for (const d of list) {
      if (d.name === 'map' && d.block && d.args[1]) {
        const values = d.block.filter((e) => !['hostnames', 'volatile', 'include'].includes(e.name) && e.args[0]).map((e) => e.args[0].value);
        maps.set(d.args[1].value.replace(/^\$/, ''), values);
      } else if (d.block && (d.name === 'http' || d.name === 'stream')) visit(d.block);
    }
  };
  visit(config.directives);
  return maps;
}
