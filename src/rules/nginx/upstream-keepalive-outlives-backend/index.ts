import { defineRule } from '../../../core/define-rule.js';
import { reusesConnections } from '../../../inputs/nginx/queries.js';
import { keepAliveBehind } from '../../backend-app.js';
import { insertLinesBefore, pathsByTarget, replaceAt } from '../../proxy-paths.js';

const COMPOSE = `services:
  proxy:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
  web:
    image: node:20-alpine
    working_dir: /srv/app
    command: ["node", "server.js"]
    expose:
      - "3000"
`;

const conf = (timeout: string) => `events {}

http {
  resolver 127.0.0.11 valid=10s ipv6=off;

  upstream web {
    zone web 64k;
    server web:3000 resolve;
    keepalive 32;
${timeout}  }

  server {
    listen 80;
    location / {
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://web;
    }
  }
}
`;

export default defineRule({
  id: 'nginx/upstream-keepalive-outlives-backend',
  domain: 'nginx',
  cause: 'keepalive-race',
  severity: 'warning',
  title: 'nginx keeps idle upstream connections longer than the backend does',
  catalog: ['X12'],
  docs: {
    why: "With `keepalive` in an upstream block nginx reuses idle connections for up to `keepalive_timeout` (60 s by default). When the backend closes idle connections sooner — Node.js after 5 s (`server.keepAliveTimeout`), gunicorn after 2 s, uvicorn and Apache after 5 s — nginx sometimes sends a request on a connection the backend is closing at that very moment: a sporadic `upstream prematurely closed connection while reading response header from upstream` or `recv() failed (104: Connection reset by peer)` and a 502, rare, random, and invisible in the backend's logs.",
    problem: {
      description: 'A Node.js backend (idle timeout 5 s) behind an upstream pool kept for the default 60 s.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('') },
    },
    fixed: { files: { 'docker-compose.yml': COMPOSE, 'nginx/nginx.conf': conf('    keepalive_timeout 4s;\n') } },
    remediation:
      "Set the upstream block's `keepalive_timeout` below the backend's idle timeout (e.g. 4s for Node.js), or raise the backend's (`server.keepAliveTimeout = 65000` with `headersTimeout` above it, `gunicorn --keep-alive 75`).",
    references: [
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive_timeout',
      'https://nodejs.org/api/http.html#serverkeepalivetimeout',
      'https://docs.gunicorn.org/en/stable/settings.html#keepalive',
    ],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'nginx');
    for (const config of ctx.facts.nginx.configs) {
      for (const upstream of config.upstreams) {
        if (!upstream.keepalive || upstream.keepalive.value === 0 || !reusesConnections(config, upstream) || upstream.context !== 'http') continue;
        const timeout = upstream.keepaliveTimeout?.value ?? 60;
        for (const server of upstream.servers) {
          const path = paths.get(server.id);
          const known = keepAliveBehind(ctx.facts, path?.backend);
          // A keep-alive written in a Spring file is reported by spring/keep-alive-below-proxy-idle, where it is changed.
          if (!known || known.springSetting || timeout < known.seconds) continue;
          const safe = Math.max(1, Math.floor(known.seconds) - 1);
          const fix = upstream.keepaliveTimeout
            ? replaceAt(
                upstream.keepaliveTimeout.at,
                `keepalive_timeout ${safe}s;`,
                `close idle connections before ${path?.backend?.label ?? 'the backend'} does`,
              )
            : insertLinesBefore(ctx.facts, upstream.keepalive.at, [`keepalive_timeout ${safe}s;`], 'close idle connections before the backend does');
          ctx.report({
            message: `upstream \`${upstream.name.value}\` keeps idle connections for ${timeout} s${upstream.keepaliveTimeout ? '' : ' (the default keepalive_timeout)'}, but ${path?.backend?.label ?? server.address.value} closes them after ${known.seconds} s (${known.source}): requests sent on a connection being closed fail with 502 now and then.`,
            at: upstream.keepaliveTimeout?.at ?? upstream.keepalive.at,
            ...(fix ? { fix } : {}),
            ...(known.at ? { related: [{ at: known.at, message: known.source }] } : {}),
          });
          break;
        }
      }
    }
  },
});
