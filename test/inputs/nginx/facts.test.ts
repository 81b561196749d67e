// biome-ignore-all lint/suspicious/noTemplateCurlyInString: nginx and HAProxy configs write ${var} literally
import { afterEach, describe, expect, it } from 'vitest';
import { parseNginxConfigs } from '../../../src/inputs/nginx/index.js';
import type { NginxConfig } from '../../../src/inputs/nginx/model.js';
import { nginxTargets } from '../../../src/inputs/nginx/topology.js';
import { projectInput } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function config(text: string, path = 'nginx.conf'): NginxConfig {
  const project = projectInput({ [path]: text });
  cleanups.push(project.cleanup);
  const facts = parseNginxConfigs(project.input);
  expect(project.problems).toEqual([]);
  expect(facts.configs).toHaveLength(1);
  return facts.configs[0];
}

const inLocation = (body: string) => `events {}\nhttp {\n  server {\n    listen 80;\n    location / {\n      ${body}\n    }\n  }\n}\n`;

describe('nginx facts: pass addresses', () => {
  it.each([
    ['proxy_pass http://api:3000;', { scheme: 'http', host: 'api', port: 3000, dynamic: false }],
    ['proxy_pass http://api;', { scheme: 'http', host: 'api', defaultPort: 80 }],
    ['proxy_pass https://api.example.com/v1/;', { scheme: 'https', host: 'api.example.com', defaultPort: 443, path: '/v1/' }],
    ['proxy_pass http://[::1]:8080;', { host: '::1', port: 8080 }],
    ['proxy_pass http://unix:/run/app.sock:/api/;', { unixSocket: '/run/app.sock', path: '/api/', host: undefined }],
    ['proxy_pass HTTP://Api:80;', { scheme: 'http', host: 'Api', port: 80 }],
    ['fastcgi_pass php:9000;', { host: 'php', port: 9000, defaultPort: undefined, scheme: undefined }],
    ['fastcgi_pass unix:/run/php/php8.2-fpm.sock;', { unixSocket: '/run/php/php8.2-fpm.sock' }],
    ['fastcgi_pass php;', { host: 'php', port: undefined, defaultPort: undefined }],
    ['grpc_pass grpc://orders:50051;', { scheme: 'grpc', host: 'orders', port: 50051 }],
    ['grpc_pass grpcs://orders:443;', { scheme: 'grpcs', host: 'orders', port: 443 }],
    ['grpc_pass orders:50051;', { scheme: undefined, host: 'orders', port: 50051 }],
    ['uwsgi_pass django:8000;', { host: 'django', port: 8000 }],
    ['proxy_pass http://$backend;', { host: '$backend', dynamic: true, variables: ['backend'] }],
    ['proxy_pass $scheme://$host$request_uri;', { dynamic: true, variables: ['scheme', 'host', 'request_uri'] }],
    ['proxy_pass http://api:3000$request_uri;', { host: 'api', port: 3000, dynamic: false, variables: ['request_uri'] }],
    ['proxy_pass http://${UPSTREAM_HOST}:${UPSTREAM_PORT};', { dynamic: true, variables: ['UPSTREAM_HOST', 'UPSTREAM_PORT'] }],
  ])('%s', (directive, expected) => {
    const pass = config(inLocation(directive)).passes[0];
    expect(pass).toMatchObject(Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined)));
    for (const [key, value] of Object.entries(expected)) if (value === undefined) expect(pass[key as keyof typeof pass], key).toBeUndefined();
  });

  it('points at the host and the port inside the URL (for fixes)', () => {
    const pass = config(inLocation('proxy_pass http://localhost:3000/;')).passes[0];
    // Line 6: "      proxy_pass http://localhost:3000/;" — the URL starts at column 18.
    expect(pass.url.at).toMatchObject({ line: 6, column: 18, endColumn: 40 });
    expect(pass.schemeAt).toMatchObject({ line: 6, column: 18, endColumn: 22 });
    expect(pass.hostAt).toMatchObject({ line: 6, column: 25, endColumn: 34 });
    expect(pass.portAt).toMatchObject({ line: 6, column: 35, endColumn: 39 });
  });

  it('points inside a quoted URL, and not at all inside an escaped one', () => {
    const quoted = config(inLocation('proxy_pass "http://api:3000";')).passes[0];
    expect(quoted.hostAt).toMatchObject({ line: 6, column: 26, endColumn: 29 });
    const escaped = config(inLocation('proxy_pass "http://api:3000/\\"x";')).passes[0];
    expect(escaped.host).toBe('api');
    expect(escaped.hostAt).toBeUndefined();
  });

  it('substitutes a literal `set $var` (the resolver + variable idiom) and points into the set value', () => {
    const c = config(inLocation('resolver 127.0.0.11 valid=10s;\n      set $upstream_api "http://api:3000";\n      proxy_pass $upstream_api;'));
    const pass = c.passes[0];
    expect(pass).toMatchObject({ scheme: 'http', host: 'api', port: 3000, dynamic: false, variables: ['upstream_api'] });
    expect(pass.substitutedFrom).toMatchObject({ value: 'http://api:3000', at: { line: 7 } });
    expect(pass.hostAt).toMatchObject({ line: 7, column: 33, endColumn: 36 });
    expect(pass.settings.resolver).toMatchObject({ valid: 10, addresses: [{ value: '127.0.0.11' }] });
  });

  it('substitutes a server-level `set` into a location pass with a host variable', () => {
    const c = config('events {}\nhttp {\n  server {\n    set $api api.internal;\n    location / { proxy_pass http://$api:8080/x; }\n  }\n}\n');
    expect(c.passes[0]).toMatchObject({ host: 'api.internal', port: 8080, path: '/x', dynamic: false });
    expect(c.passes[0].hostAt).toBeUndefined();
  });
});

describe('nginx facts: upstream blocks', () => {
  const text = [
    'events {}',
    'http {',
    '  upstream Backend {',
    '    zone backend 64k;',
    '    least_conn;',
    '    server app1:8080 weight=5 max_fails=3 fail_timeout=30s;',
    '    server app2 backup;',
    '    server app3.internal:8080 resolve service=http down;',
    '    server unix:/run/app.sock;',
    '    keepalive 32;',
    '    keepalive_timeout 4s;',
    '  }',
    '  upstream unused { server 10.0.0.1:80; }',
    '  server {',
    '    listen 80;',
    '    location / { proxy_pass http://backend; }',
    '    location /x { proxy_pass http://backend:8080; }',
    '  }',
    '}',
  ].join('\n');

  it('reads servers with their parameters, keepalive and zone', () => {
    const [backend] = config(text).upstreams;
    expect(backend).toMatchObject({
      name: { value: 'Backend' },
      keepalive: { value: 32 },
      keepaliveTimeout: { value: 4 },
      zone: { value: 'backend' },
      balancing: { value: 'least_conn' },
    });
    expect(
      backend.servers.map((s) => [s.host ?? s.unixSocket, s.port, s.defaultPort, s.weight, s.maxFails, s.failTimeout, s.backup, s.down, s.resolve, s.service]),
    ).toEqual([
      ['app1', 8080, undefined, 5, 3, 30, false, false, false, undefined],
      ['app2', undefined, 80, undefined, undefined, undefined, true, false, false, undefined],
      ['app3.internal', 8080, undefined, undefined, undefined, undefined, false, true, true, 'http'],
      ['/run/app.sock', undefined, undefined, undefined, undefined, undefined, false, false, false, undefined],
    ]);
  });

  it('links passes to upstream blocks case-insensitively, also with a port (which nginx rejects)', () => {
    const c = config(text);
    expect(c.passes.map((p) => [p.upstream, p.port])).toEqual([
      ['Backend', undefined],
      ['Backend', 8080],
    ]);
    expect(c.upstreams[0].usedBy).toEqual(c.passes.map((p) => p.id));
    expect(c.upstreams[1].usedBy).toEqual([]);
  });

  it('gives one target per upstream server line and none for passes naming the block', () => {
    const targets = nginxTargets(config(text));
    expect(targets.map((t) => [t.text, t.host, t.port, t.defaultPort, t.route])).toEqual([
      ['app1:8080', 'app1', 8080, undefined, 'upstream Backend (server :80, location / and 1 more)'],
      ['app2', 'app2', undefined, 80, 'upstream Backend (server :80, location / and 1 more)'],
      ['app3.internal:8080', 'app3.internal', 8080, undefined, 'upstream Backend (server :80, location / and 1 more)'],
      ['unix:/run/app.sock', undefined, undefined, undefined, 'upstream Backend (server :80, location / and 1 more)'],
      ['10.0.0.1:80', '10.0.0.1', 80, undefined, 'upstream unused (not referenced)'],
    ]);
    expect(targets[0].at).toMatchObject({ file: 'nginx.conf', line: 6, column: 12 });
  });
});

describe('nginx facts: inheritance http → server → location', () => {
  const text = [
    'events {}',
    'http {',
    '  resolver 10.0.0.2 valid=30s ipv6=off;',
    '  proxy_read_timeout 120s;',
    '  proxy_set_header Host $host;',
    '  proxy_set_header X-Real-IP $remote_addr;',
    '  server {',
    '    server_name shop.example.com www.shop.example.com;',
    '    listen 443 ssl http2;',
    '    proxy_connect_timeout 5;',
    '    location /api/ {',
    '      proxy_set_header Connection "";',
    '      proxy_http_version 1.1;',
    '      proxy_next_upstream error timeout non_idempotent;',
    '      proxy_next_upstream_tries 3;',
    '      proxy_pass http://api:3000;',
    '      location /api/ws/ {',
    '        proxy_set_header Upgrade $http_upgrade;',
    '        proxy_set_header Connection "upgrade";',
    '        proxy_read_timeout 1h;',
    '        proxy_pass http://api:3000;',
    '      }',
    '    }',
    '    location / {',
    '      if ($request_method = POST) { proxy_pass http://writer:8080; }',
    '      proxy_pass http://web:8080;',
    '    }',
    '  }',
    '}',
  ].join('\n');

  it('merges each directive separately; one proxy_set_header drops all inherited ones', () => {
    const c = config(text);
    const [api, ws, writer, web] = c.passes;
    expect(api.route).toBe('server shop.example.com, location /api/');
    expect(api.settings.readTimeout).toMatchObject({ value: 120, at: { line: 4 } });
    expect(api.settings.connectTimeout).toMatchObject({ value: 5, at: { line: 10 } });
    expect(api.settings.sendTimeout).toEqual({ value: 60 });
    expect(api.settings.httpVersion).toMatchObject({ value: '1.1', at: { line: 13 } });
    expect(api.settings.setHeaders.value.map((h) => `${h.name}=${h.value}`)).toEqual(['Connection=']);
    expect(api.settings.nextUpstream.value).toEqual(['error', 'timeout', 'non_idempotent']);
    expect(api.settings.nextUpstreamTries).toMatchObject({ value: 3 });
    expect(api.settings.resolver).toMatchObject({ valid: 30, ipv6: false, at: { line: 3 } });
    expect(api.settings.websocket).toBe(false);

    expect(ws.route).toBe('server shop.example.com, location /api/ws/');
    expect(ws.settings.readTimeout.value).toBe(3600);
    expect(ws.settings.httpVersion.value).toBe('1.1');
    expect(ws.settings.websocket).toBe(true);
    expect(ws.settings.setHeaders.value.map((h) => h.name)).toEqual(['Upgrade', 'Connection']);

    expect(writer.route).toBe('server shop.example.com, location / (if ($request_method = POST))');
    expect(web.settings.setHeaders.value.map((h) => h.name)).toEqual(['Host', 'X-Real-IP']);
    expect(web.settings.httpVersion).toEqual({ value: '1.0' });
    expect(web.settings.nextUpstream).toEqual({ value: ['error', 'timeout'] });
  });

  it('reads servers: listen flags and names, nested locations', () => {
    const c = config(text);
    expect(c.servers[0].listens).toMatchObject([{ port: 443, ssl: true, http2: true }]);
    expect(c.servers[0].serverNames.map((n) => n.value)).toEqual(['shop.example.com', 'www.shop.example.com']);
    expect(c.servers[0].locations.map((l) => [l.path.value, l.parents, l.passIds.length])).toEqual([
      ['/api/', [], 1],
      ['/api/ws/', ['/api/'], 1],
      ['/', [], 2],
    ]);
    expect(c.resolvers).toHaveLength(1);
  });
});

describe('nginx facts: listen forms', () => {
  it.each([
    ['80', { port: 80 }],
    ['127.0.0.1:8080', { address: '127.0.0.1', port: 8080 }],
    ['[::]:443 ssl', { port: 443, ssl: true }],
    ['localhost', { address: 'localhost', port: 80 }],
    ['*:8000 default_server', { port: 8000, defaultServer: true }],
    ['unix:/run/nginx.sock', { unixSocket: '/run/nginx.sock' }],
  ])('listen %s', (value, expected) => {
    const c = config(`events {}\nhttp { server { listen ${value}; } }\n`);
    expect(c.servers[0].listens[0]).toMatchObject(expected);
  });
});

describe('nginx facts: stream and snippets', () => {
  it('reads stream servers and upstreams with stream defaults', () => {
    const c = config(
      'events {}\nstream {\n  upstream db { server postgres:5432; }\n  server {\n    listen 5432;\n    proxy_pass db;\n  }\n  server { listen 6379; proxy_pass redis:6379; proxy_timeout 30s; }\n}\n',
    );
    expect(c.stream).toBeDefined();
    expect(c.passes.map((p) => [p.context, p.upstream, p.host, p.port, p.route, p.settings.readTimeout.value])).toEqual([
      ['stream', 'db', 'db', undefined, 'stream server :5432', 600],
      ['stream', undefined, 'redis', 6379, 'stream server :6379', 30],
    ]);
    expect(nginxTargets(c).map((t) => [t.scheme, t.text])).toEqual([
      ['tcp', 'redis:6379'],
      ['tcp', 'postgres:5432'],
    ]);
  });

  it('reads a location-level snippet as a server context', () => {
    const c = config('location /api/ {\n  proxy_pass http://api:3000/;\n}\n', 'nginx/api.conf');
    expect(c).toMatchObject({ kind: 'snippet', snippetContext: 'server' });
    expect(c.passes[0]).toMatchObject({ host: 'api', route: 'server, location /api/' });
  });

  it('marks Docker templates using ${ENV} placeholders', () => {
    const c = config('server {\n  listen ${NGINX_PORT};\n  location / { proxy_pass http://${API_HOST}:3000; }\n}\n', 'templates/default.conf.template');
    expect(c.templated).toBe(true);
    expect(c.passes[0].dynamic).toBe(true);
  });
});

describe('nginx facts: client keep-alive', () => {
  it('keeps the keepalive_timeout in effect per server (default 75 s)', () => {
    const c = config(
      'events {}\nhttp {\n  keepalive_timeout 30s;\n  server { listen 80; }\n  server { listen 81; keepalive_timeout 120; }\n}\nstream { server { listen 5432; proxy_pass db:5432; } }\n',
    );
    expect(c.servers.map((s) => [s.context, s.keepaliveTimeout?.value, s.keepaliveTimeout?.at?.line])).toEqual([
      ['http', 30, 3],
      ['http', 120, 5],
      ['stream', undefined, undefined],
    ]);
    const bare = config('events {}\nhttp { server { listen 80; } }\n');
    expect(bare.servers[0].keepaliveTimeout).toEqual({ value: 75 });
  });
});
