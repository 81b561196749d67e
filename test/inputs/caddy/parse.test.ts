import { describe, expect, it } from 'vitest';
import { parseCaddyfile } from '../../../src/inputs/caddy/caddyfile-syntax.js';
import { parseCaddy } from '../../../src/inputs/caddy/parse-caddy.js';
import { parseGoDuration, parseUpstream } from '../../../src/inputs/caddy/upstreams.js';
import { lintProject } from '../../helpers/lint-project.js';
import { memoryInput } from '../compose/compose-input.js';

function parse(files: Record<string, string>) {
  const input = memoryInput(files);
  const facts = parseCaddy(input);
  return { facts, problems: input.reported.map((p) => `${p.at.file}:${p.at.line}:${p.at.column} ${p.message}`) };
}

const at = (p: { line: number; column: number; endColumn?: number } | undefined) => (p ? `${p.line}:${p.column}-${p.endColumn}` : undefined);

describe('Caddyfile syntax', () => {
  it('tokenizes like Caddy: quotes, backticks, comments, placeholders, continuations, heredocs', () => {
    const text = [
      'example.com {',
      '\t# a comment',
      '\theader X-Note "a \\"quoted\\" value" # trailing',
      '\trespond `raw {body}` 200',
      '\treverse_proxy {http.request.host}:8080 \\',
      '\t\tapi:3000',
      '\trespond <<HTML',
      '\t<p>hi</p>',
      '\tHTML 200',
      '}',
      '',
    ].join('\n');
    const { directives, problems } = parseCaddyfile('Caddyfile', text);
    expect(problems).toEqual([]);
    const site = directives[0]!;
    expect([site.name.text, site.block!.map((d) => [d.name.text, ...d.args.map((a) => a.text)])]).toEqual([
      'example.com',
      [
        ['header', 'X-Note', 'a "quoted" value'],
        ['respond', 'raw {body}', '200'],
        ['reverse_proxy', '{http.request.host}:8080', 'api:3000'],
        ['respond', '<p>hi</p>', '200'],
      ],
    ]);
    const proxy = site.block![2]!;
    expect([at(proxy.args[0]!.at), at(proxy.args[1]!.at)]).toEqual(['5:16-40', '6:3-11']);
  });

  it('reports unclosed blocks and quotes, and keeps what it read', () => {
    const { directives, problems } = parseCaddyfile('Caddyfile', 'a.com {\n\treverse_proxy "api:80\n}\nb.com {\n\trespond ok\n');
    expect(problems.map((p) => `${p.at.line}:${p.at.column} ${p.message}`)).toEqual(['2:16 unclosed quote', '1:7 this `{` is never closed']);
    expect(directives.map((d) => d.name.text)).toEqual(['a.com']);
  });
});

describe('upstream addresses', () => {
  it.each([
    ['api:3000', 'http', 'api', 3000, undefined],
    ['http://api', 'http', 'api', undefined, 80],
    ['https://api.example.com', 'https', 'api.example.com', undefined, 443],
    ['h2c://grpc:50051', 'h2c', 'grpc', 50051, undefined],
    [':8080', 'http', 'localhost', 8080, undefined],
    ['[::1]:9000', 'http', '::1', 9000, undefined],
  ])('%s', (text, scheme, host, port, defaultPort) => {
    const [u] = parseUpstream('id', text, { file: 'f', line: 1, column: 5, endLine: 1, endColumn: 5 + text.length }, 0, 'http');
    expect([u!.scheme, u!.host, u!.port, u!.defaultPort]).toEqual([scheme, host, port, defaultPort]);
  });

  it('splits port ranges, keeps unix sockets, and treats placeholders as dynamic (env defaults resolved)', () => {
    const p = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 20 };
    expect(parseUpstream('id', 'app:8001-8003', p, 0, 'http').map((u) => `${u.id} ${u.port}`)).toEqual(['id:8001 8001', 'id:8002 8002', 'id:8003 8003']);
    expect(parseUpstream('id', 'unix//run/php.sock', p, 0, 'fastcgi')[0]).toMatchObject({ unixSocket: '/run/php.sock', scheme: 'fastcgi' });
    expect(parseUpstream('id', '{upstream}', p, 0, 'http')[0]!.dynamic).toBe(true);
    expect(parseUpstream('id', '{$BACKEND}', p, 0, 'http')[0]!.dynamic).toBe(true);
    const env = parseUpstream('id', '{$BACKEND:api:3000}', p, 0, 'http')[0]!;
    expect([env.host, env.port, env.hostAt, env.dynamic]).toEqual(['api', 3000, undefined, undefined]);
  });

  it('reads Go durations', () => {
    expect(['5s', '1m30s', '500ms', '2d', '1000000000', 'soon'].map(parseGoDuration)).toEqual([5, 90, 0.5, 172800, 1, undefined]);
  });
});

const CADDYFILE = `{
	email ops@example.com
	admin off
}

(proxy-headers) {
	header_up X-Real-IP {remote_host}
	header_up X-Tenant {args[0]}
}

shop.example.com, www.shop.example.com {
	encode zstd gzip
	@api path /api/*
	@grpc {
		protocol grpc
	}
	handle @api {
		reverse_proxy api-1:3000 api-2:3000 {
			import proxy-headers shop
			lb_policy least_conn
			lb_try_duration 5s
			health_uri /healthz
			health_port 3001
			transport http {
				keepalive 30s
				dial_timeout 2s
			}
		}
	}
	reverse_proxy @grpc grpc:50051 {
		transport http {
			versions h2c 2
		}
	}
	import sites/admin.caddy
	php_fastcgi unix//run/php/php-fpm.sock
	file_server
}
`;

describe('Caddy configurations', () => {
  it('reads sites, named matchers, handlers, snippets (with arguments) and glob imports', () => {
    const { facts, problems } = parse({
      Caddyfile: CADDYFILE,
      'sites/admin.caddy':
        'handle_path /admin/* {\n\treverse_proxy https://admin.internal {\n\t\ttransport http {\n\t\t\ttls_server_name admin.internal\n\t\t}\n\t}\n}\n',
    });
    expect(problems).toEqual([]);
    const [config] = facts.configs;
    expect(config!.files).toEqual(['Caddyfile', 'sites/admin.caddy']);
    expect(
      config!.proxies.map((p) => [
        p.directive,
        p.route,
        p.matcher?.text,
        p.matcher?.grpc ?? false,
        p.upstreams.map((u) => `${u.scheme}://${u.host ?? u.unixSocket}:${u.port ?? u.defaultPort ?? ''}`),
      ]),
    ).toEqual([
      ['reverse_proxy', 'site shop.example.com, www.shop.example.com › handle @api', undefined, false, ['http://api-1:3000', 'http://api-2:3000']],
      ['reverse_proxy', 'site shop.example.com, www.shop.example.com', '@grpc', true, ['h2c://grpc:50051']],
      ['reverse_proxy', 'site shop.example.com, www.shop.example.com › handle_path /admin/*', undefined, false, ['https://admin.internal:443']],
      ['php_fastcgi', 'site shop.example.com, www.shop.example.com', undefined, false, ['fastcgi:///run/php/php-fpm.sock:']],
    ]);
    const api = config!.proxies[0]!;
    expect([api.health.uri?.value, api.health.port?.value, at(api.health.port?.at), api.lbTryDuration?.value, api.transport.keepalive?.value]).toEqual([
      '/healthz',
      3001,
      '23:16-20',
      5,
      30,
    ]);
    expect(config!.proxies[2]!.transport.tls).toBeDefined();
    expect(config!.proxies[1]!.transport.versions?.value).toEqual(['h2c', '2']);
  });

  it('follows glob imports (files on disk)', async () => {
    const { facts } = await lintProject({
      'caddy/Caddyfile': 'a.example.com {\n\timport sites/*.caddy\n}\n',
      'caddy/sites/one.caddy': 'reverse_proxy /one/* one:80\n',
      'caddy/sites/two.caddy': 'reverse_proxy /two/* two:80\n',
    });
    expect(facts.caddy.configs.map((c) => [c.files, c.proxies.map((p) => p.upstreams[0]!.text.value)])).toEqual([
      [
        ['caddy/Caddyfile', 'caddy/sites/one.caddy', 'caddy/sites/two.caddy'],
        ['one:80', 'two:80'],
      ],
    ]);
  });

  it('reads a single-site Caddyfile without braces', () => {
    const { facts } = parse({ Caddyfile: ':8080\nreverse_proxy app:3000\n' });
    expect(facts.configs[0]!.proxies.map((p) => [p.route, p.upstreams[0]!.text.value])).toEqual([['site :8080', 'app:3000']]);
  });

  it('reads native JSON configs, subroutes included', () => {
    const json = JSON.stringify(
      {
        apps: {
          http: {
            servers: {
              srv0: {
                listen: [':443'],
                routes: [
                  {
                    match: [{ host: ['a.example.com'] }],
                    handle: [
                      {
                        handler: 'subroute',
                        routes: [
                          {
                            handle: [
                              {
                                handler: 'reverse_proxy',
                                transport: { protocol: 'http', versions: ['h2c', '2'], keep_alive: { idle_timeout: 60000000000 } },
                                health_checks: { active: { uri: '/health', port: 9000 } },
                                upstreams: [{ dial: 'api:3000' }, { dial: 'api2:3000' }],
                              },
                            ],
                          },
                        ],
                      },
                    ],
                  },
                ],
              },
            },
          },
        },
      },
      null,
      2,
    );
    const { facts } = parse({ 'caddy.json': json });
    const proxy = facts.configs[0]!.proxies[0]!;
    expect([proxy.route, proxy.upstreams.map((u) => `${u.scheme} ${u.host}:${u.port}`), proxy.transport.keepalive?.value, proxy.health.port?.value]).toEqual([
      'server srv0, route 0 (a.example.com), route 0',
      ['h2c api:3000', 'h2c api2:3000'],
      60,
      9000,
    ]);
  });

  it('stops at import cycles and reports a missing imported file', () => {
    const { problems } = parse({ Caddyfile: 'a.com {\n\timport other.caddy\n\timport missing.caddy\n}\n', 'other.caddy': 'import other.caddy\nrespond ok\n' });
    expect(problems).toEqual([
      expect.stringMatching(/^other\.caddy:1:1 imports nested more than 10 deep/),
      'Caddyfile:3:9 import missing.caddy: /project/missing.caddy: no such file',
    ]);
  });

  it('is located in the Compose service that mounts it, and its upstreams are followed', async () => {
    const { facts } = await lintProject({
      'docker-compose.yml':
        'services:\n  caddy:\n    image: caddy:2.8\n    volumes:\n      - ./Caddyfile:/etc/caddy/Caddyfile\n  api:\n    image: ghcr.io/example/api:1\n    expose: ["3000"]\n',
      Caddyfile: 'shop.example.com {\n\treverse_proxy api:3000\n}\n',
    });
    expect(facts.topology.paths.map((p) => `${p.proxy.runtime?.label} → ${p.target.text} ${p.status}`)).toEqual([
      'Compose service `caddy` → api:3000 resolved',
    ]);
  });

  it('never throws on truncated Caddyfiles', () => {
    for (let cut = 0; cut <= CADDYFILE.length; cut += 9) expect(() => parse({ Caddyfile: CADDYFILE.slice(0, cut) })).not.toThrow();
  });
});
