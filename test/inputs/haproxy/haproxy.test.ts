// biome-ignore-all lint/suspicious/noTemplateCurlyInString: nginx and HAProxy configs write ${var} literally
import { afterEach, describe, expect, it } from 'vitest';
import { parseHaproxyTime } from '../../../src/inputs/haproxy/extract.js';
import { parseHaproxyConfigs } from '../../../src/inputs/haproxy/index.js';
import { parseHaproxyText } from '../../../src/inputs/haproxy/syntax.js';
import { haproxyTargets } from '../../../src/inputs/haproxy/topology.js';
import { projectInput } from '../nginx/helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function run(files: Record<string, string>) {
  const project = projectInput(files);
  cleanups.push(project.cleanup);
  const facts = parseHaproxyConfigs(project.input);
  return { facts, problems: project.problems.map((p) => `${p.at.file}:${p.at.line}:${p.at.column} ${p.message}`) };
}

const CONFIG = `global
    log stdout format raw local0
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client  30s
    timeout server  30s
    option httpchk GET /healthz
    default-server inter 3s fall 3 rise 2

resolvers docker
    nameserver dns1 127.0.0.11:53
    hold valid 10s

frontend www # public entry
    bind *:80
    bind :443 ssl crt /etc/haproxy/site.pem
    acl is_api path_beg /api
    use_backend api if is_api
    use_backend %[req.hdr(host),lower,map(/etc/haproxy/hosts.map)]
    default_backend web

backend api
    balance roundrobin
    timeout server 2m
    http-check send meth GET uri /ready
    http-check expect status 200
    server api1 api:3000 check port 3001 resolvers docker init-addr libc,none
    server api2 10.0.0.12:3000 check ssl verify none alpn h2,http/1.1 backup

backend web
    mode tcp
    server-template web 1-3 web.internal:8080 check resolvers docker
    server static /run/static.sock
    server same-port app disabled

listen stats
    bind 127.0.0.1:8404
    server local ipv4@127.0.0.1:9000
`;

describe('HAProxy syntax', () => {
  it('splits words with quotes, escapes, comments and keeps exact positions', () => {
    const { sections, problems } = parseHaproxyText('h.cfg', 'backend b\n  http-request set-header X-A "a b\\"c" # note\n  acl x path_beg \'/a b\' /c\\ d\n');
    expect(problems).toEqual([]);
    const [setHeader, acl] = sections[0].lines;
    expect(setHeader.words.map((w) => w.value)).toEqual(['http-request', 'set-header', 'X-A', 'a b"c']);
    expect(setHeader.words[3]).toMatchObject({ quote: '"', at: { line: 2, column: 31, endColumn: 39 } });
    expect(acl.words.map((w) => w.value)).toEqual(['acl', 'x', 'path_beg', '/a b', '/c d']);
  });

  it('records environment variables in double quotes only', () => {
    const { sections } = parseHaproxyText('h.cfg', 'backend b\n  server s "${API_HOST}:${API_PORT}"\n  server t \'${LITERAL}\'\n');
    expect(sections[0].lines.map((l) => l.words[2].env)).toEqual([['API_HOST', 'API_PORT'], undefined]);
  });

  it('reports lines before any section and unterminated quotes, then goes on', () => {
    const { sections, problems } = parseHaproxyText('h.cfg', 'maxconn 10\nbackend b\n  server s "api:80\n  server t api:81\n');
    expect(problems.map((p) => `${p.at.line}:${p.at.column} ${p.message}`)).toEqual([
      '1:1 "maxconn" appears before any section (global, defaults, frontend, backend, listen …)',
      '3:12 unterminated double quote',
    ]);
    expect(sections[0].lines.map((l) => l.words[2].value)).toEqual(['api:80', 'api:81']);
  });

  it.each([
    ['5000', 5000],
    ['5s', 5000],
    ['1m', 60000],
    ['2h', 7200000],
    ['1d', 86400000],
    ['500ms', 500],
    ['100us', 0.1],
    ['5 s', undefined],
    ['abc', undefined],
  ])('time %s = %s ms', (text, ms) => {
    expect(parseHaproxyTime(text)).toBe(ms);
  });
});

describe('HAProxy facts', () => {
  it('reads frontends, backends, listen sections and routing', () => {
    const { facts, problems } = run({ 'haproxy/haproxy.cfg': CONFIG });
    expect(problems).toEqual([]);
    const [config] = facts.configs;
    expect(config.frontends.map((f) => f.name.value)).toEqual(['www', 'stats']);
    expect(config.backends.map((b) => [b.name.value, b.kind, b.usedBy])).toEqual([
      ['api', 'backend', ['www']],
      ['web', 'backend', ['www']],
      ['stats', 'listen', ['stats']],
    ]);
    const www = config.frontends[0];
    expect(www.binds.map((b) => [b.port, b.ssl])).toEqual([
      [80, false],
      [443, true],
    ]);
    expect(www.useBackends.map((u) => [u.name.value, u.dynamic])).toEqual([
      ['api', false],
      ['%[req.hdr(host),lower,map(/etc/haproxy/hosts.map)]', true],
    ]);
    expect(config.resolvers).toMatchObject([
      { name: { value: 'docker' }, nameservers: [{ name: 'dns1', address: { value: '127.0.0.11:53' } }], holdValid: 10000 },
    ]);
  });

  it('inherits mode, timeouts and checks from defaults; the proxy overrides per item', () => {
    const [config] = run({ 'haproxy.cfg': CONFIG }).facts.configs;
    const [api, web] = config.backends;
    expect(api.mode).toMatchObject({ value: 'http', from: 'defaults', at: { line: 6 } });
    expect(api.timeouts.server).toMatchObject({ value: 120000, from: 'proxy', at: { line: 27 } });
    expect(api.timeouts.connect).toMatchObject({ value: 5000, from: 'defaults' });
    expect(api.healthCheck.path).toMatchObject({ value: '/ready', at: { line: 28 } });
    expect(api.healthCheck.httpchk).toMatchObject({ method: 'GET', from: 'defaults' });
    expect(web.mode.value).toBe('tcp');
    expect(web.healthCheck.path).toMatchObject({ value: '/healthz', at: { line: 10 } });
  });

  it('reads server lines: address forms, options and default-server', () => {
    const [config] = run({ 'haproxy.cfg': CONFIG }).facts.configs;
    const servers = config.backends.flatMap((b) => b.servers);
    expect(servers.map((s) => [s.name.value, s.kind, s.host ?? s.unixSocket, s.port, s.count])).toEqual([
      ['api1', 'server', 'api', 3000, undefined],
      ['api2', 'server', '10.0.0.12', 3000, undefined],
      ['web', 'server-template', 'web.internal', 8080, 3],
      ['static', 'server', '/run/static.sock', undefined, undefined],
      ['same-port', 'server', 'app', undefined, undefined],
      ['local', 'server', '127.0.0.1', 9000, undefined],
    ]);
    const [api1, api2] = servers;
    expect(api1.options).toMatchObject({
      check: { value: true },
      checkPort: { value: 3001 },
      resolvers: { value: 'docker' },
      initAddr: { value: ['libc', 'none'] },
    });
    // default-server from the defaults section applies to every server.
    expect(api1.options.inter).toMatchObject({ value: 3000, at: { line: 11 } });
    expect(api2.options).toMatchObject({ ssl: { value: true }, verify: { value: 'none' }, alpn: { value: 'h2,http/1.1' }, backup: { value: true } });
    expect(servers[4].options.disabled?.value).toBe(true);
    expect(api1.hostAt).toEqual({ file: 'haproxy.cfg', line: 30, column: 17, endLine: 30, endColumn: 20 });
    expect(api1.portAt).toEqual({ file: 'haproxy.cfg', line: 30, column: 21, endLine: 30, endColumn: 25 });
    expect(servers[5].hostAt).toMatchObject({ line: 41, column: 23 });
  });

  it('gives one target per server line with the route and scheme', () => {
    const [config] = run({ 'haproxy.cfg': CONFIG }).facts.configs;
    expect(haproxyTargets(config).map((t) => [t.text, t.route, t.scheme, t.port, t.defaultPort])).toEqual([
      ['api:3000', 'frontend www → backend api', 'http', 3000, undefined],
      ['10.0.0.12:3000', 'frontend www → backend api', 'h2', 3000, undefined],
      ['web.internal:8080', 'frontend www → backend web', 'tcp', 8080, undefined],
      ['/run/static.sock', 'frontend www → backend web', 'tcp', undefined, undefined],
      ['app', 'frontend www → backend web', 'tcp', undefined, undefined],
      ['ipv4@127.0.0.1:9000', 'listen stats', 'http', 9000, undefined],
    ]);
  });

  it('a server without port connects to the port the client used: known when one frontend bind routes there', () => {
    const [config] = run({ 'haproxy.cfg': 'frontend fe\n  mode http\n  bind :8080\n  default_backend be\nbackend be\n  mode http\n  server app app\n' }).facts
      .configs;
    expect(haproxyTargets(config)[0]).toMatchObject({ host: 'app', defaultPort: 8080 });
  });

  it('loads the .cfg files of one directory as one configuration (haproxy -f dir/)', () => {
    const { facts } = run({
      'haproxy/00-global.cfg': 'global\n  maxconn 100\ndefaults\n  mode http\n  timeout server 10s\n',
      'haproxy/10-api.cfg': 'frontend fe\n  bind :80\n  default_backend api\n',
      'haproxy/20-backends.cfg': 'backend api\n  server a api:3000\n',
    });
    expect(facts.configs).toHaveLength(1);
    expect(facts.configs[0].files).toEqual(['haproxy/00-global.cfg', 'haproxy/10-api.cfg', 'haproxy/20-backends.cfg']);
    expect(facts.configs[0].backends[0]).toMatchObject({ usedBy: ['fe'], timeouts: { server: { value: 10000 } } });
  });

  it('keeps complete configs of one directory apart (prod.cfg and dev.cfg)', () => {
    const { facts } = run({
      'lb/prod.cfg': 'global\ndefaults\n  mode http\nbackend b\n  server a prod:80\n',
      'lb/dev.cfg': 'global\ndefaults\n  mode http\nbackend b\n  server a dev:80\n',
    });
    expect(facts.configs.map((c) => c.file)).toEqual(['lb/dev.cfg', 'lb/prod.cfg']);
  });

  it('named defaults and `from`', () => {
    const [config] = run({
      'haproxy.cfg':
        'defaults base\n  mode http\n  timeout connect 3s\ndefaults other\n  mode tcp\nbackend b from base\n  server a a:1\nbackend c\n  server a a:1\n',
    }).facts.configs;
    expect(config.backends.map((b) => [b.name.value, b.mode.value, b.timeouts.connect?.value, b.defaults])).toEqual([
      ['b', 'http', 3000, 'base'],
      ['c', 'tcp', undefined, 'other'],
    ]);
  });

  it('ignores .cfg files that are not HAProxy (setup.cfg-style INI)', () => {
    expect(run({ 'tool.cfg': '[metadata]\nname = x\n', 'nginx.conf': 'events {}\nhttp {}\n' }).facts.configs).toEqual([]);
  });

  it('random truncations never throw', () => {
    const project = projectInput({ 'haproxy.cfg': CONFIG });
    cleanups.push(project.cleanup);
    for (let cut = 0; cut <= CONFIG.length; cut += 3) {
      const text = CONFIG.slice(0, cut);
      const facts = parseHaproxyConfigs({ ...project.input, files: [{ path: 'haproxy.cfg', absolutePath: `${project.root}/haproxy.cfg`, text }] });
      for (const c of facts.configs) expect(() => haproxyTargets(c)).not.toThrow();
    }
  });
});

describe('HAProxy structure problems', () => {
  it('reports server lines without an address, and keeps reading', () => {
    const { facts, problems } = run({ 'haproxy.cfg': 'backend b\n    server lonely\n    server ok 10.0.0.1:80\n' });
    expect(problems).toEqual(['haproxy.cfg:2:5 "server" needs a name and an address']);
    expect(facts.configs[0].backends[0].servers.map((s) => s.name.value)).toEqual(['ok']);
  });
});
