import { afterEach, describe, expect, it } from 'vitest';
import { parseNginxConfigs } from '../../../src/inputs/nginx/index.js';
import { parseNginxText } from '../../../src/inputs/nginx/syntax.js';
import { nginxTargets } from '../../../src/inputs/nginx/topology.js';
import { projectInput } from './helpers.js';

/** A realistic production config: every construct the parser handles, so mutations hit all of them. */
const REAL_CONFIG = `user nginx;
worker_processes auto;
events { worker_connections 1024; }
http {
    include       mime.types;
    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer"';
    resolver 127.0.0.11 valid=10s ipv6=off;
    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
    upstream api {
        zone api 64k;
        server api:3000 max_fails=3 fail_timeout=10s;
        server api-2:3000 backup;
        keepalive 16;
    }
    server {
        listen 80 default_server;
        server_name example.com *.example.com;
        location = /healthz { return 200 "ok\\n"; }
        location ~* \\.(?:css|js)$ { expires 7d; root /usr/share/nginx/html; }
        location /api/ {
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_pass http://api/;
        }
        location /ws/ {
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            set $ws_backend "http://ws:8080";
            proxy_pass $ws_backend;
        }
        location /lua {
            content_by_lua_block { ngx.say("{ not a block }") }
        }
        location ~ \\.php$ {
            fastcgi_pass php:9000;
            include fastcgi_params;
        }
        if ($http_x_forwarded_proto = "http") { return 301 https://$host$request_uri; }
    }
}
stream {
    server { listen 5432; proxy_pass postgres:5432; }
}
`;

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('nginx parser robustness', () => {
  it('the real config parses without problems', () => {
    expect(parseNginxText('nginx.conf', REAL_CONFIG).problems).toEqual([]);
  });

  it('every truncation of a real config parses without throwing, and problems carry valid positions', () => {
    const lines = REAL_CONFIG.split('\n').length;
    for (let cut = 0; cut <= REAL_CONFIG.length; cut++) {
      const text = REAL_CONFIG.slice(0, cut);
      const { directives, problems } = parseNginxText('nginx.conf', text);
      expect(Array.isArray(directives)).toBe(true);
      for (const p of problems) {
        expect(p.at.line).toBeGreaterThanOrEqual(1);
        expect(p.at.line).toBeLessThanOrEqual(lines);
        expect(p.at.column).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('random byte edits (delete, duplicate, insert syntax characters) never throw through the whole pipeline', () => {
    const next = random(20261121);
    const specials = ['{', '}', ';', '"', "'", '\\', '#', '$', '\n', ' ', '\u0000', '\u{1F600}'];
    const project = projectInput({ 'nginx.conf': 'events {}\n' });
    cleanups.push(project.cleanup);
    for (let round = 0; round < 300; round++) {
      let text = REAL_CONFIG;
      const edits = 1 + Math.floor(next() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * text.length);
        const kind = next();
        if (kind < 0.4) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 10));
        else if (kind < 0.7) text = text.slice(0, at) + specials[Math.floor(next() * specials.length)] + text.slice(at);
        else text = text.slice(0, at) + text.slice(at, at + 20) + text.slice(at);
      }
      const input = { ...project.input, files: [{ path: 'nginx.conf', absolutePath: `${project.root}/nginx.conf`, text }] };
      const facts = parseNginxConfigs(input);
      for (const config of facts.configs) expect(() => nginxTargets(config)).not.toThrow();
    }
  });

  it('deep nesting and very long lines are handled without stack or time trouble', () => {
    const deep = `${'location / { '.repeat(150)}proxy_pass http://a:1;${' }'.repeat(150)}`;
    const parsed = parseNginxText('deep.conf', deep);
    expect(parsed.problems).toEqual([]);
    const hostile = parseNginxText('hostile.conf', `${'a {'.repeat(100_000)}${'}'.repeat(100_000)} events {}`);
    expect(hostile.problems.map((p) => p.message)).toEqual(['blocks nested more than 200 levels deep; this block was skipped']);
    expect(hostile.directives.map((d) => d.name)).toEqual(['a', 'events']);
    const long = `server { server_name ${'a'.repeat(1_000_000)}; }`;
    expect(parseNginxText('long.conf', long).directives[0].block![0].args[0].value).toHaveLength(1_000_000);
  });
});

describe('nginx parser on a kitchen-sink config', () => {
  it('reads every construct (map, geo, split_clients, types, perl_set, sub_filter, if, limit_except, named and regex locations) without a problem', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('./fixtures/kitchen-sink.conf', import.meta.url), 'utf8');
    const { directives, problems } = parseNginxText('kitchen-sink.conf', text);
    expect(problems).toEqual([]);
    const http = directives.find((d) => d.name === 'http')!;
    const server = http.block!.find((d) => d.name === 'server')!;
    expect(server.block!.filter((d) => d.name === 'location').map((d) => d.args.map((a) => a.value).join(' '))).toEqual([
      '= /50x.html',
      '@fallback',
      '~* \\.(?:ico|css|js|gif|jpe?g|png)$',
      '/api',
      '/js',
      '/hash#tag',
    ]);
    const perl = http.block!.find((d) => d.name === 'perl_set')!;
    expect(perl.args[1].value).toBe('sub { my $r = shift; return uc $r->uri; }');
    const subFilter = server.block!.find((d) => d.name === 'location' && d.args[0].value === '/api')!.block!.find((d) => d.name === 'sub_filter')!;
    expect(subFilter.args.map((a) => a.value)).toEqual(['</head>', '<script>window.x = {a: 1};</script></head>']);
  });
});

describe('byte-order marks', () => {
  it('a BOM before the first directive does not rename it', () => {
    const { directives, problems } = parseNginxText('bom.conf', '\uFEFFserver {\n  listen 80;\n}\n');
    expect(problems).toEqual([]);
    expect(directives[0]).toMatchObject({ name: 'server', at: { line: 1, column: 2 } });
  });
});
