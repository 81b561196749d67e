import { defineRule } from '../../../core/define-rule.js';
import { activeServers } from '../../../inputs/nginx/queries.js';

const conf = (servers: string) => `events {}

http {
  upstream search {
${servers}  }

  server {
    listen 80;
    server_name search.example.com;
    location / {
      proxy_pass http://search;
    }
  }
}
`;

export default defineRule({
  id: 'nginx/upstream-no-usable-server',
  domain: 'nginx',
  cause: 'no-healthy-upstream',
  severity: 'error',
  title: 'Every server of an upstream block is marked down or backup',
  docs: {
    why: 'Servers marked `down` never receive traffic and `backup` servers only take over when a primary fails. An upstream whose servers are all `down` answers every request with 502 (`no live upstreams while connecting to upstream`); one with only `backup` servers (or none) is refused at start-up (`no servers in upstream`). Typically a maintenance flag that stayed after the work was done.',
    problem: {
      description: 'Both nodes were drained for maintenance and never re-enabled.',
      files: { 'nginx/nginx.conf': conf('    server 10.0.3.21:9200 down;\n    server 10.0.3.22:9200 down;\n') },
    },
    fixed: { files: { 'nginx/nginx.conf': conf('    server 10.0.3.21:9200;\n    server 10.0.3.22:9200 down;\n') } },
    remediation: 'Remove `down` from at least one server (and keep at least one server without `backup`).',
    references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server'],
  },
  check(ctx) {
    for (const config of ctx.facts.nginx.configs) {
      for (const upstream of config.upstreams) {
        if (upstream.servers.length === 0 || activeServers(upstream).length > 0) continue;
        const allDown = upstream.servers.every((s) => s.down);
        ctx.report({
          message: allDown
            ? `every server of upstream \`${upstream.name.value}\` is marked \`down\`: each request through it fails with 502 (no live upstreams).`
            : `upstream \`${upstream.name.value}\` has only \`backup\`${upstream.servers.some((s) => s.down) ? ' or `down`' : ''} servers: nginx refuses to start (no servers in upstream).`,
          at: upstream.name.at,
          related: upstream.servers.map((s) => ({ at: s.at, message: `server ${s.address.value}${s.down ? ' down' : ''}${s.backup ? ' backup' : ''}` })),
        });
      }
    }
  },
});
