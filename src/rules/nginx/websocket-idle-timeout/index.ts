import { defineRule } from '../../../core/define-rule.js';
import { insertLinesBefore } from '../../proxy-paths.js';

const COMPOSE = `services:
  proxy:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx/conf.d/chat.conf:/etc/nginx/conf.d/default.conf:ro
  chat:
    image: ghcr.io/example/chat:0.9
    expose:
      - "4000"
`;

const site = (timeouts: string) => `map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}

server {
    listen 80;
    server_name chat.example.com;

    location /socket/ {
        resolver 127.0.0.11 valid=10s ipv6=off;
        set $chat_upstream http://chat:4000;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
${timeouts}        proxy_pass $chat_upstream;
    }
}
`;

export default defineRule({
  id: 'nginx/websocket-idle-timeout',
  domain: 'nginx',
  cause: 'timeout-misaligned',
  severity: 'info',
  title: 'WebSocket connections are closed after the 60 s proxy_read_timeout',
  docs: {
    why: 'A location that upgrades connections to WebSocket keeps them open for as long as the client stays, but nginx still applies `proxy_read_timeout` (60 s by default) between two frames from the backend. A quiet socket is closed after a minute (`upstream timed out (110: Connection timed out) while reading upstream`), clients reconnect in a loop, and messages sent meanwhile are lost.',
    problem: {
      description: 'Chat sockets without a longer read timeout.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/conf.d/chat.conf': site('') },
    },
    fixed: {
      description: 'The backend pings every 30 s; nginx waits up to an hour between frames.',
      files: { 'docker-compose.yml': COMPOSE, 'nginx/conf.d/chat.conf': site('        proxy_read_timeout 1h;\n        proxy_send_timeout 1h;\n') },
    },
    remediation:
      'In WebSocket locations raise `proxy_read_timeout` (and `proxy_send_timeout`) above the longest silence on the socket (e.g. `1h`), or make the backend send pings more often than the timeout.',
    references: ['https://nginx.org/en/docs/http/websocket.html', 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout'],
  },
  check(ctx) {
    for (const config of ctx.facts.nginx.configs) {
      for (const pass of config.passes) {
        if (pass.directive !== 'proxy_pass' || !pass.settings.websocket) continue;
        const read = pass.settings.readTimeout;
        if (read.value > 60 || (!read.at && pass.settings.unreadInclude)) continue;
        ctx.report({
          message: `${pass.directive} ${pass.url.value} (${pass.route}) upgrades to WebSocket but proxy_read_timeout is ${read.value} s${read.at ? '' : ' (the default)'}: sockets quiet for longer are closed by nginx.`,
          at: read.at ?? pass.at,
          ...(read.at
            ? {}
            : { fix: insertLinesBefore(ctx.facts, pass.at, ['proxy_read_timeout 1h;', 'proxy_send_timeout 1h;'], 'keep quiet WebSocket connections open') }),
        });
      }
    }
  },
});
