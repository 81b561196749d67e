import { describe, expect, it } from 'vitest';
import type { ResolvedPath } from '../../../src/evidence/topology/model.js';
import { composePathInfo } from '../../../src/inputs/compose/topology.js';
import { lintProject } from '../../helpers/lint-project.js';

/** A Compose project whose `proxy` service runs nginx/default.conf; `proxy` is the first service, `more` follows it. */
function project(proxyExtra: string, more: string, targets: string[], extraFiles: Record<string, string> = {}): Record<string, string> {
  const conf = `server {\n    listen 80;\n${targets.map((t, i) => `    location /${i}/ { proxy_pass http://${t}; }`).join('\n')}\n}\n`;
  return {
    'docker-compose.yml': `name: shop
services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
${proxyExtra}${more}`,
    'nginx/default.conf': conf,
    ...extraFiles,
  };
}

async function resolve(files: Record<string, string>): Promise<ResolvedPath[]> {
  const { facts } = await lintProject(files);
  return facts.topology.paths;
}

function summary(path: ResolvedPath): string {
  const info = composePathInfo(path.target);
  const fixIn = path.problem?.fixIn ? ` fix in ${path.problem.fixIn}` : '';
  return `${path.status}${path.problem ? ` ${path.problem.cause}` : ''} [${info?.kind ?? 'no compose info'}]${fixIn}`;
}

const API = `  api:
    image: example/api:1
    expose: ["3000"]
`;

describe('Compose DNS from the proxy container', () => {
  it.each([
    // Matching: names Docker registers on a network the proxy shares.
    ['the service name', '', API, 'api:3000', 'resolved [resolved]', /`api` → Compose service `api` on network `default`/],
    ['container_name', '', `${API}    container_name: shop-api\n`, 'shop-api:3000', 'resolved [resolved]', /container_name of `api`/],
    [
      'a network alias',
      '',
      `${API}    networks:\n      default:\n        aliases: [backend]\n`,
      'backend:3000',
      'resolved [resolved]',
      /network alias of `api`/,
    ],
    ['the container name Compose generates', '', API, 'shop-api-1:3000', 'resolved [resolved]', /container of `api`/],
    ['a links alias', '    links: ["api:legacy"]\n', API, 'legacy:3000', 'resolved [resolved]', /network alias of `api`/],
    [
      'a fixed address',
      '    networks: [net]\n',
      `  api:\n    image: example/api:1\n    expose: ["3000"]\n    networks:\n      net:\n        ipv4_address: 172.28.0.10\nnetworks:\n  net:\n`,
      '172.28.0.10:3000',
      'resolved [resolved]',
      /fixed address of `api`/,
    ],
    // Near misses: the name exists somewhere, but not where the proxy looks.
    [
      'only a hostname',
      '',
      `${API}    hostname: api.internal\n`,
      'api.internal:3000',
      'broken dns-failure [hostname-only] fix in compose',
      /`hostname` of `api`/,
    ],
    [
      'an alias on another network',
      '    networks: [front]\n',
      `  api:\n    image: example/api:1\n    expose: ["3000"]\n    networks:\n      front:\n      back:\n        aliases: [backend]\nnetworks:\n  front:\n  back:\n`,
      'backend:3000',
      'broken dns-failure [alias-other-network] fix in compose',
      /alias of `api` only on network `back`/,
    ],
    [
      'no shared network',
      '    networks: [front]\n',
      `${API}    networks: [back]\nnetworks:\n  front:\n  back:\n`,
      'api:3000',
      'broken network-blocked [no-shared-network] fix in compose',
      /`proxy` is on network `front`, `api` is on network `back`/,
    ],
    ['a typo', '', API, 'apii:3000', 'broken dns-failure [unknown-name]', /did you mean `api`\?/],
    [
      'a backend on the host network',
      '',
      `  api:\n    image: example/api:1\n    network_mode: host\n    environment: [PORT=3000]\n`,
      'api:3000',
      'broken dns-failure [backend-host-network] fix in compose',
      /runs with `network_mode: host`/,
    ],
    [
      'a backend inside another service’s network',
      '',
      `${API}  sidecar:\n    image: example/sidecar:1\n    network_mode: service:api\n    expose: ["9000"]\n`,
      'sidecar:9000',
      'broken dns-failure [shares-namespace]',
      /reach it as `api`/,
    ],
    // Unknown: outside what the project says.
    ['an external DNS name', '', API, 'api.example.com', 'unknown [other]', /outside the project/],
    [
      'a name that may live on an external network',
      '    networks: [edge]\n',
      `${API}networks:\n  edge:\n    external: true\n`,
      'billing:8080',
      'unknown [other]',
      /external network `edge`/,
    ],
  ])('%s', async (_name, proxyExtra, more, target, expected, step) => {
    const [path] = await resolve(project(proxyExtra, more, [target]));
    expect(summary(path!)).toBe(expected);
    expect(path!.steps.map((s) => s.text).join('\n')).toMatch(step);
  });
});

describe('ports behind a resolved name', () => {
  it.each([
    ['a declared container port', API, 'api:3000', 'resolved [resolved]', /listens on 3000 \(expose\)/],
    [
      'the published host port instead of the container port',
      `  api:\n    image: example/api:1\n    ports: ["3000:8080"]\n`,
      'api:3000',
      'broken port-mismatch [published-port]',
      /3000 is the host port `api` publishes for container port 8080/,
    ],
    [
      'another declared port',
      `  api:\n    image: example/api:1\n    environment: [PORT=8080]\n`,
      'api:3000',
      'broken port-mismatch [port-not-listened]',
      /listens on 8080 \(environment PORT\), not on 3000/,
    ],
    ["an image's default port", '  db:\n    image: postgres:16\n', 'db:5432', 'resolved [resolved]', /image default \(postgres:16\)/],
    ["not an image's default port", '  db:\n    image: postgres:16\n', 'db:5433', 'unknown [port-undeclared]', /image listens on 5432 by default/],
    ['nothing declared', '  web:\n    image: example/web:1\n', 'web:3000', 'unknown [port-undeclared]', /declares no port/],
    ['the default port of `server` lines', '  web:\n    image: nginx:1.27-alpine\n', 'web', 'resolved [resolved]', /listens on 80/],
    ['a Dockerfile EXPOSE', '  app:\n    build: ./app\n', 'app:8000', 'resolved [resolved]', /Dockerfile EXPOSE/],
    [
      'a server bound to loopback by HOST',
      `  api:\n    image: example/api:1\n    environment:\n      HOST: 127.0.0.1\n      PORT: "3000"\n`,
      'api:3000',
      'broken bind-loopback [bind-loopback] fix in compose',
      /listens on 127.0.0.1:3000 only/,
    ],
    [
      'a server bound to loopback by its tool’s default',
      '  app:\n    build: ./app\n    command: uvicorn main:app --port 8000\n',
      'app:8000',
      'broken bind-loopback [bind-loopback] fix in compose',
      /127.0.0.1:8000/,
    ],
    [
      'a server bound to every interface',
      '  app:\n    build: ./app\n    command: uvicorn main:app --host 0.0.0.0 --port 8000\n',
      'app:8000',
      'resolved [resolved]',
      /listens on 8000/,
    ],
  ])('%s', async (_name, more, target, expected, step) => {
    const [path] = await resolve(project('', more, [target], { 'app/Dockerfile': 'FROM python:3.12\nEXPOSE 8000\n' }));
    expect(summary(path!)).toBe(expected);
    expect(path!.steps.map((s) => s.text).join('\n')).toMatch(step);
  });
});

describe('localhost and the host', () => {
  it('localhost is the proxy container itself, and the rule says which service was meant', async () => {
    const [path] = await resolve(project('', API, ['localhost:3000']));
    expect(summary(path!)).toBe('broken wrong-host-localhost [loopback]');
    expect(path!.problem?.reason).toMatch(/`api` listens on 3000: use `api:3000`/);
    const info = composePathInfo(path!.target);
    expect(info?.kind === 'loopback' && info.meant?.backend.service.name).toBe('api');
  });

  it('suggests the container port when the host port was used', async () => {
    const [path] = await resolve(project('', '  api:\n    image: example/api:1\n    ports: ["3000:8080"]\n', ['127.0.0.1:3000']));
    expect(path!.problem?.reason).toMatch(/publishes 3000 on the host for its container port 8080: use `api:8080`/);
  });

  it('a sidecar sharing the proxy’s network namespace answers on localhost', async () => {
    const [path] = await resolve(
      project('', '  auth:\n    image: example/auth:1\n    network_mode: service:proxy\n    expose: ["9000"]\n', ['127.0.0.1:9000']),
    );
    expect(summary(path!)).toBe('resolved [resolved]');
  });

  it('a proxy inside the app’s network namespace reaches it on localhost', async () => {
    const [path] = await resolve(project('    network_mode: service:app\n', '  app:\n    image: example/app:1\n    expose: ["3000"]\n', ['localhost:3000']));
    expect(summary(path!)).toBe('resolved [resolved]');
    expect(path!.backend?.label).toBe('Compose service `app`');
  });

  it('host.docker.internal reaches ports published on the host', async () => {
    const paths = await resolve(
      project('    extra_hosts: ["host.docker.internal:host-gateway"]\n', '  api:\n    image: example/api:1\n    ports: ["8080:3000"]\n', [
        'host.docker.internal:8080',
        'host.docker.internal:9999',
      ]),
    );
    expect(paths.map(summary)).toEqual(['resolved [resolved]', 'unknown [other]']);
    expect(paths[0]!.listen?.port).toBe(3000);
  });

  it('a proxy on the host network reaches published ports on localhost but no Compose names', async () => {
    const paths = await resolve(
      project('    network_mode: host\n', '  api:\n    image: example/api:1\n    ports: ["8080:3000"]\n', ['127.0.0.1:8080', 'api:3000']),
    );
    expect(paths.map(summary)).toEqual(['resolved [resolved]', 'broken dns-failure [proxy-host-network] fix in compose']);
    expect(paths[1]!.problem?.reason).toMatch(/use `127.0.0.1:8080`/);
  });
});

describe('across projects', () => {
  it('resolves a service of another project on a shared external network', async () => {
    const files = project('    networks: [edge]\n', 'networks:\n  edge:\n    external: true\n    name: proxy-edge\n', ['billing:8080']);
    files['billing/docker-compose.yml'] =
      'services:\n  billing:\n    image: example/billing:1\n    expose: ["8080"]\n    networks: [edge]\nnetworks:\n  edge:\n    external: true\n    name: proxy-edge\n';
    const [path] = await resolve(files);
    expect(summary(path!)).toBe('resolved [resolved]');
  });

  it('does not reach a same-named service of an unrelated project', async () => {
    const files = project('', '', ['api:3000']);
    files['other/docker-compose.yml'] = `services:\n${API}`;
    const [path] = await resolve(files);
    expect(summary(path!)).toBe('broken dns-failure [unknown-name]');
    expect(path!.problem?.reason).toMatch(/`api` is in the project of other\/docker-compose.yml, which shares no network with `proxy`/);
  });
});

describe('where a proxy runs (locate)', () => {
  const conf = 'server {\n    listen 80;\n    location / { proxy_pass http://api:3000; }\n}\n';
  it.each([
    [
      'a bind mount of the file',
      {
        'docker-compose.yml': `services:\n  edge:\n    image: nginx\n    volumes: ["./conf/site.conf:/etc/nginx/conf.d/default.conf"]\n${API}`,
        'conf/site.conf': conf,
      },
      'compose:',
      '/edge',
    ],
    [
      'a bind mount of its directory',
      { 'docker-compose.yml': `services:\n  edge:\n    image: nginx\n    volumes: ["./conf:/etc/nginx/conf.d:ro"]\n${API}`, 'conf/site.conf': conf },
      'compose:',
      '/edge',
    ],
    [
      'a build context holding it',
      {
        'docker-compose.yml': `services:\n  edge:\n    build: ./proxy\n${API}`,
        'proxy/nginx.conf': `events {}\nhttp {\n${conf}}\n`,
        'proxy/Dockerfile': 'FROM nginx\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
      },
      'compose:',
      '/edge',
    ],
    [
      'a file-backed config',
      {
        'docker-compose.yml': `services:\n  cdn:\n    image: nginx\n  edge:\n    image: nginx\n    configs:\n      - source: site\n        target: /etc/nginx/conf.d/default.conf\n${API}configs:\n  site:\n    file: ./conf/site.conf\n`,
        'conf/site.conf': conf,
      },
      'compose:',
      '/edge',
    ],
    [
      'the only nginx image of the project',
      { 'docker-compose.yml': `services:\n  edge:\n    image: nginx:alpine\n${API}`, 'nginx.conf': `events {}\nhttp {\n${conf}}\n` },
      'compose:',
      '/edge',
    ],
  ])('%s', async (_name, files, prefix, suffix) => {
    const { facts } = await lintProject(files);
    const runtime = facts.topology.proxies[0]?.runtime?.id ?? '';
    expect(runtime.startsWith(prefix) && runtime.endsWith(suffix)).toBe(true);
  });

  it('not an app mounting the whole project directory', async () => {
    const { facts } = await lintProject({
      'docker-compose.yml': `services:\n  app:\n    image: node:22\n    volumes: [".:/usr/src/app"]\n${API}`,
      'nginx.conf': `events {}\nhttp {\n${conf}}\n`,
    });
    expect(facts.topology.proxies[0]?.runtime).toBeUndefined();
  });
});

describe('nginx-proxy: a proxy configured by the environment of its backends', () => {
  it('adds a proxy and one target per VIRTUAL_HOST service, followed like any other', async () => {
    const { facts, findings } = await lintProject({
      'docker-compose.yml': `services:
  proxy:
    image: nginxproxy/nginx-proxy:1.6
    ports: ["80:80"]
    volumes: ["/var/run/docker.sock:/tmp/docker.sock:ro"]
    networks: [web]
  shop:
    image: example/shop:1
    environment:
      VIRTUAL_HOST: shop.example.com
      VIRTUAL_PORT: "3000"
    expose: ["3000"]
    networks: [web]
  admin:
    image: example/admin:1
    environment:
      VIRTUAL_HOST: admin.example.com
    expose: ["8080"]
  worker:
    image: example/worker:1
networks:
  web:
`,
    });
    expect(facts.topology.proxies.map((p) => p.label)).toEqual(['nginx-proxy (Compose service `proxy`)']);
    expect(facts.topology.proxies[0]?.runtime?.id).toBe(`compose:${facts.compose.projects[0]!.name}/proxy`);
    expect(facts.topology.paths.map((p) => `${p.target.route}: ${p.target.text} ${summary(p)}`)).toEqual([
      'VIRTUAL_HOST shop.example.com: shop:3000 (VIRTUAL_PORT) resolved [resolved]',
      'VIRTUAL_HOST admin.example.com: admin (VIRTUAL_HOST) broken network-blocked [no-shared-network] fix in compose',
    ]);
    // It follows containers as they start: no depends_on advice.
    expect(findings.filter((f) => f.rule === 'compose/proxy-starts-before-backend')).toEqual([]);
    expect(findings.filter((f) => f.rule === 'compose/no-shared-network').map((f) => `${f.at.line}:${f.at.column}`)).toEqual(['14:3']);
  });
});
