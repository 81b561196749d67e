// biome-ignore-all lint/suspicious/noTemplateCurlyInString: nginx templates write ${VAR} literally
import { afterEach, describe, expect, it } from 'vitest';
import { parseNginxConfigs } from '../../../src/inputs/nginx/index.js';
import type { NginxDirective } from '../../../src/inputs/nginx/model.js';
import { projectInput } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function run(files: Record<string, string>, only?: string[], options: { explicit?: boolean } = {}) {
  const project = projectInput(files, only ? { only } : {});
  if (options.explicit) for (const f of project.input.files) (f as { explicit?: boolean }).explicit = true;
  cleanups.push(project.cleanup);
  const facts = parseNginxConfigs(project.input);
  return { facts, problems: project.problems.map((p) => `${p.at.file}:${p.at.line}:${p.at.column} ${p.message}`) };
}

function names(list: readonly NginxDirective[]): string[] {
  return list.flatMap((d) => [`${d.name}@${d.at.file}:${d.at.line}`, ...(d.block ? names(d.block) : [])]);
}

const MAIN = (include: string) => `events {}\nhttp {\n  ${include}\n}\n`;

describe('nginx includes', () => {
  it('reads relative includes against the directory of nginx.conf, from any included file too', () => {
    const { facts, problems } = run(
      {
        'nginx/nginx.conf': MAIN('include conf.d/app.conf;'),
        'nginx/conf.d/app.conf': 'server {\n  listen 80;\n  include snippets/proxy.conf;\n}\n',
        'nginx/snippets/proxy.conf': 'proxy_read_timeout 5s;\n',
      },
      ['nginx/nginx.conf'],
    );
    expect(problems).toEqual([]);
    expect(facts.configs).toHaveLength(1);
    expect(facts.configs[0].files).toEqual(['nginx/nginx.conf', 'nginx/conf.d/app.conf', 'nginx/snippets/proxy.conf']);
    expect(names(facts.configs[0].directives)).toEqual([
      'events@nginx/nginx.conf:1',
      'http@nginx/nginx.conf:2',
      'include@nginx/nginx.conf:3',
      'server@nginx/conf.d/app.conf:1',
      'listen@nginx/conf.d/app.conf:2',
      'include@nginx/conf.d/app.conf:3',
      'proxy_read_timeout@nginx/snippets/proxy.conf:1',
    ]);
    expect(facts.configs[0].directives[1].block![1].includedFrom).toMatchObject({ file: 'nginx/nginx.conf', line: 3 });
  });

  it('maps /etc/nginx/ to the directory holding nginx.conf and expands globs in name order', () => {
    const { facts, problems } = run({
      'proxy/nginx.conf': MAIN('include /etc/nginx/conf.d/*.conf;'),
      'proxy/conf.d/b.conf': 'server { listen 8081; }\n',
      'proxy/conf.d/a.conf': 'server { listen 8080; }\n',
      'proxy/conf.d/.hidden.conf': 'server { listen 9999; }\n',
      'proxy/conf.d/c.conf.disabled': 'server { listen 9998; }\n',
    });
    expect(problems).toEqual([]);
    // The conf.d files were included, so they are not linted a second time as standalone snippets.
    expect(facts.configs.map((c) => c.file)).toEqual(['proxy/nginx.conf']);
    expect(facts.configs[0].servers.map((s) => s.listens[0].port)).toEqual([8080, 8081]);
  });

  it('resolves includes of a conf.d snippet against the directory above conf.d (where nginx.conf would be)', () => {
    const { facts, problems } = run({
      'nginx/conf.d/default.conf': 'server {\n  listen 80;\n  location / {\n    include /etc/nginx/snippets/headers.conf;\n    include proxy_params;\n  }\n}\n',
      'nginx/snippets/headers.conf': 'proxy_set_header Host $host;\n',
    });
    expect(problems).toEqual([]);
    expect(facts.configs.map((c) => [c.file, c.kind, c.snippetContext])).toEqual([['nginx/conf.d/default.conf', 'snippet', 'http']]);
    expect(facts.configs[0].files).toContain('nginx/snippets/headers.conf');
  });

  it('reports a missing include at its argument, but not a missing file every nginx package ships', () => {
    const { facts, problems } = run({
      'nginx.conf':
        'events {}\nhttp {\n  include mime.types;\n  include /etc/nginx/fastcgi_params;\n  include conf.d/missing.conf;\n  server { listen 80; }\n}\n',
    });
    expect(problems).toEqual([
      'nginx.conf:5:11 include file "conf.d/missing.conf" not found (looked for conf.d/missing.conf); its directives were not checked',
    ]);
    expect(facts.configs[0].servers).toHaveLength(1);
  });

  it('does not read absolute paths outside the nginx prefixes (certbot, /usr/share) and does not report them', () => {
    const { facts, problems } = run({ 'nginx.conf': MAIN('include /etc/letsencrypt/options-ssl-nginx.conf;') });
    expect(problems).toEqual([]);
    expect(facts.configs[0].files).toEqual(['nginx.conf']);
  });

  it('an empty glob is fine, as for nginx', () => {
    const { problems } = run({ 'nginx.conf': MAIN('include sites-enabled/*;') });
    expect(problems).toEqual([]);
  });

  it('detects include cycles, reports them once with the chain, and still reads the rest', () => {
    const { facts, problems } = run(
      {
        'nginx.conf': MAIN('include a.conf;\n  server { listen 80; }'),
        'a.conf': 'include b.conf;\nupstream a { server a:1; }\n',
        'b.conf': 'include a.conf;\nupstream b { server b:1; }\n',
      },
      ['nginx.conf'],
    );
    expect(problems).toEqual(['b.conf:1:9 include cycle: a.conf → b.conf → a.conf; the repeated include was skipped']);
    expect(facts.configs[0].upstreams.map((u) => u.name.value)).toEqual(['b', 'a']);
    expect(facts.configs[0].servers).toHaveLength(1);
  });

  it('detects a file including itself', () => {
    const { problems } = run({ 'nginx.conf': MAIN('include nginx.conf;') });
    expect(problems).toEqual(['nginx.conf:3:11 include cycle: nginx.conf → nginx.conf; the repeated include was skipped']);
  });

  it('a snippet included twice reports its syntax errors once', () => {
    const { problems } = run(
      {
        'nginx.conf': 'events {}\nhttp {\n  server { location /a { include p.conf; } location /b { include p.conf; } }\n}\n',
        'p.conf': 'proxy_set_header Host $host\n',
      },
      ['nginx.conf'],
    );
    expect(problems).toEqual(['p.conf:1:23 unexpected end of file, expecting ";" after "proxy_set_header"']);
  });

  it('groups conf.d snippets no nginx.conf includes into one http context per directory', () => {
    const { facts } = run({
      'conf.d/upstreams.conf': 'upstream api { server api:3000; }\n',
      'conf.d/site.conf': 'server {\n  listen 80;\n  location / { proxy_pass http://api; }\n}\n',
    });
    expect(facts.configs).toHaveLength(1);
    expect(facts.configs[0].files).toEqual(['conf.d/site.conf', 'conf.d/upstreams.conf']);
    // The pass in one file names the upstream block of the other, as nginx reads them into one http block.
    expect(facts.configs[0].passes[0].upstream).toBe('api');
  });

  it('Debian sites-enabled files without extension are read', () => {
    const { facts } = run({ 'sites-enabled/default': 'server {\n  listen 80 default_server;\n  location / { proxy_pass http://127.0.0.1:8000; }\n}\n' });
    expect(facts.configs.map((c) => c.file)).toEqual(['sites-enabled/default']);
    expect(facts.configs[0].passes[0]).toMatchObject({ host: '127.0.0.1', port: 8000 });
  });

  it('ignores .conf files that are not nginx (supervisord, Apache, HAProxy)', () => {
    const { facts } = run({
      'supervisord.conf': '[program:app]\ncommand=node server.js\n',
      'apache/site.conf': '<VirtualHost *:80>\n  ProxyPass / http://app:3000/\n</VirtualHost>\n',
      'haproxy.cfg': 'frontend fe\n  bind :80\n  default_backend be\nbackend be\n  server a app:3000\n',
    });
    expect(facts.configs).toEqual([]);
  });
});

describe('nginx includes through Compose bind mounts', () => {
  it('resolves /etc/nginx/conf.d to the host directory Compose mounts there', async () => {
    const { lintProject } = await import('../../helpers/lint-project.js');
    const { facts } = await lintProject({
      'docker-compose.yml':
        'services:\n  proxy:\n    image: nginx:1.27\n    volumes:\n      - ./proxy/nginx.conf:/etc/nginx/nginx.conf:ro\n      - ./sites:/etc/nginx/conf.d:ro\n      - ./shared/snippets:/etc/nginx/snippets:ro\n',
      'proxy/nginx.conf': MAIN('include /etc/nginx/conf.d/*.conf;'),
      'sites/shop.conf': 'server {\n  listen 80;\n  location / { include snippets/proxy.conf; proxy_pass http://10.0.0.1:8080; }\n}\n',
      'shared/snippets/proxy.conf': 'proxy_read_timeout 5s;\n',
    });
    expect(facts.nginx.configs.map((c) => c.files)).toEqual([['proxy/nginx.conf', 'sites/shop.conf', 'shared/snippets/proxy.conf']]);
    expect(facts.nginx.configs[0].passes[0].settings.readTimeout).toMatchObject({ value: 5, at: { file: 'shared/snippets/proxy.conf' } });
  });
});

describe('nginx templates rendered by the official image', () => {
  it('substitutes the Compose environment into /etc/nginx/templates/*.template, so targets can be followed', async () => {
    const { lintProject } = await import('../../helpers/lint-project.js');
    const { facts, findings } = await lintProject({
      'docker-compose.yml':
        'services:\n  proxy:\n    image: nginx:1.27\n    environment:\n      API_HOST: api\n      API_PORT: "4000"\n    volumes:\n      - ./templates:/etc/nginx/templates:ro\n  api:\n    image: node:20\n    expose: ["3000"]\n',
      'templates/default.conf.template': 'server {\n  listen 80;\n  location / { proxy_pass http://${API_HOST}:${API_PORT}; }\n}\n',
    });
    const pass = facts.nginx.configs[0].passes[0];
    expect(pass).toMatchObject({ host: 'api', port: 4000, dynamic: false });
    // Found through the substituted values: the API listens on 3000, not 4000.
    expect(findings.filter((f) => f.rule === 'nginx/upstream-port-mismatch').map((f) => `${f.at.file}:${f.at.line}`)).toEqual([
      'templates/default.conf.template:3',
    ]);
  });
});

describe('nginx -T dumps', () => {
  const DUMP = [
    'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok',
    'nginx: configuration file /etc/nginx/nginx.conf test is successful',
    '# configuration file /etc/nginx/nginx.conf:',
    'events {}',
    'http {',
    '    include /etc/nginx/mime.types;',
    '    include /etc/nginx/conf.d/*.conf;',
    '}',
    '',
    '# configuration file /etc/nginx/mime.types:',
    'types { text/html html; }',
    '',
    '# configuration file /etc/nginx/conf.d/default.conf:',
    'server {',
    '    listen 80;',
    '    location / { proxy_pass http://localhost:3000; }',
    '}',
    '',
  ].join('\n');

  it('splits the dump into its files, follows includes among them and keeps dump line numbers', () => {
    const { facts, problems } = run({ 'nginx-T.txt': DUMP }, undefined, { explicit: true });
    expect(problems).toEqual([]);
    expect(facts.configs).toHaveLength(1);
    const [config] = facts.configs;
    expect(config).toMatchObject({ kind: 'main', file: 'nginx-T.txt', files: ['nginx-T.txt'] });
    expect(config.passes[0]).toMatchObject({ host: 'localhost', port: 3000, url: { at: { file: 'nginx-T.txt', line: 16, column: 29 } } });
    expect(config.servers[0].at).toMatchObject({ line: 14, column: 1 });
  });

  it('reports syntax errors at the line of the dump', () => {
    const { problems } = run({ 'dump.conf': DUMP.replace('types { text/html html; }', 'types { text/html html; }}') }, undefined, { explicit: true });
    expect(problems).toEqual(['dump.conf:11:26 unexpected "}"']);
  });
});
