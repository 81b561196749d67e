import { defineRule } from '../../../core/define-rule.js';
import { reportCachedAddresses } from '../upstream-dns-cached-forever/index.js';

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
  id: 'nginx/container-address-cached',
  domain: 'nginx',
  cause: 'dns-failure',
  severity: 'info',
  title: 'nginx keeps the start-up address of a Compose container that may be recreated',
  catalog: ['G3'],
  docs: {
    why: 'nginx resolves a host name written in `proxy_pass` or an `upstream` server line once, at start-up. A Compose service keeps its address while its container lives, but a recreated container (`docker compose up -d` after an image or config change, `--force-recreate`, a replaced container after a crash) usually gets a new IP. nginx goes on sending to the old one: `connect() failed (113: Host is unreachable)` or timeouts and 502/504 until nginx itself is restarted. It also makes nginx refuse to start while the backend does not exist yet.',
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
      'Resolve at request time: `resolver 127.0.0.11 valid=10s;` with the address in a variable (`set $app http://app:8000; proxy_pass $app;` — a variable `proxy_pass` passes the request URI unchanged), or `server app:8000 resolve;` in an upstream with a `zone` (nginx 1.27.3+); otherwise restart nginx whenever a backend container is recreated.',
    references: [
      'https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver',
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#resolve',
      'https://github.com/NginxProxyManager/nginx-proxy-manager/issues/5602',
    ],
  },
  check(ctx) {
    reportCachedAddresses(ctx, (kind) => kind === 'compose');
  },
});
