// biome-ignore-all lint/suspicious/noTemplateCurlyInString: nginx templates write ${VAR} literally
import type { RuleCase } from '../../rule-case.js';

const conf = (http: string, location: string) => `events {}
http {
${http}
  server {
    listen 80;
    location / {
      ${location}
    }
  }
}
`;

export default [
  {
    name: 'forward proxy style $scheme://$host without resolver',
    files: { 'nginx.conf': conf('', 'proxy_pass $scheme://$host$request_uri;') },
    expect: ['nginx.conf:7:18'],
    fixes: [undefined],
  },
  {
    name: 'near miss: forward proxy with a resolver in http',
    files: { 'nginx.conf': conf('  resolver 1.1.1.1 valid=30s;', 'proxy_pass $scheme://$host$request_uri;') },
    expect: [],
  },
  {
    name: 'near miss: map to upstream block names needs no resolver',
    files: {
      'nginx.conf': conf(
        '  upstream blue { server 10.0.0.1:80; }\n  upstream green { server 10.0.0.2:80; }\n  map $cookie_slot $pool { default blue; canary green; }',
        'proxy_pass http://$pool;',
      ),
    },
    expect: [],
  },
  {
    name: 'near miss: variable only in the path, and an IP in a set variable',
    files: { 'nginx.conf': conf('', 'proxy_pass http://10.1.2.3:8080$request_uri;\n      location /b { set $b http://10.1.2.4:80; proxy_pass $b; }') },
    expect: [],
  },
  {
    name: 'near miss: Docker template placeholders are substituted before nginx reads them',
    files: { 'templates/default.conf.template': 'server {\n  listen 80;\n  location / { proxy_pass http://${API_HOST}:${API_PORT}; }\n}\n' },
    expect: [],
  },
  {
    name: 'grpc_pass with a variable host in a server block that has no resolver',
    files: { 'nginx.conf': conf('', 'set $orders grpc://orders:50051;\n      grpc_pass $orders;') },
    expect: ['nginx.conf:8:17'],
  },
  {
    name: 'near miss: SWAG, the resolver comes from an include that is not in the input (/config/nginx/resolver.conf)',
    // SWAG's own includes live in its image, not in the project.
    inputProblems: [/proxy\.conf" not found/, /resolver\.conf" not found/],
    files: {
      'docker-compose.yml':
        'services:\n  swag:\n    image: lscr.io/linuxserver/swag:latest\n    volumes:\n      - ./swag:/config\n  gluetun:\n    image: qmcgaw/gluetun:v3\n  qbittorrent:\n    image: lscr.io/linuxserver/qbittorrent:latest\n    network_mode: "service:gluetun"\n',
      'swag/nginx/proxy-confs/qbittorrent.subdomain.conf':
        'server {\n    listen 443 ssl;\n    location / {\n        include /config/nginx/proxy.conf;\n        include /config/nginx/resolver.conf;\n        set $upstream_app gluetun;\n        set $upstream_port 8080;\n        set $upstream_proto http;\n        proxy_pass $upstream_proto://$upstream_app:$upstream_port;\n    }\n}\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
