import { describe, expect, it } from 'vitest';
import type { ComposeProject, ComposeService } from '../../../src/inputs/compose/model.js';
import { parseProject } from './compose-input.js';

function only(files: Record<string, string>): { project: ComposeProject; reported: string[] } {
  const { facts, reported } = parseProject(files);
  expect(facts.projects).toHaveLength(1);
  return { project: facts.projects[0]!, reported: reported.map((r) => `${r.at.file}:${r.at.line}:${r.at.column} ${r.message}`) };
}

function service(project: ComposeProject, name: string): ComposeService {
  const s = project.services.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
}

const pos = (p: { file: string; line: number; column: number; endLine?: number; endColumn?: number } | undefined) =>
  p ? `${p.file}:${p.line}:${p.column}${p.endLine ? `-${p.endLine}:${p.endColumn}` : ''}` : undefined;

describe('a realistic project', () => {
  const files = {
    'docker-compose.yml': `name: My-Shop
x-restart: &restart
  restart: unless-stopped
services:
  nginx:
    <<: *restart
    image: nginx:1.27-alpine
    ports:
      - "\${HTTP_PORT:-80}:80"
      - target: 443
        published: "8443"
        protocol: tcp
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
    depends_on:
      api:
        condition: service_healthy
        restart: true
    networks: [front]
  api:
    build:
      context: ./api
      target: runtime
    environment:
      PORT: "3000"
      DATABASE_URL: postgres://db:5432/shop
    expose:
      - "3000"
    networks:
      front:
        aliases:
          - backend
      back:
        ipv4_address: 172.20.0.10
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:3000/health"]
      interval: 10s
  db:
    image: postgres:16
    networks:
      - back
networks:
  front: {}
  back:
    internal: true
    driver: bridge
  outside:
    external: true
    name: shared-proxy
`,
    '.env': 'HTTP_PORT=8080\n',
  };
  const { project, reported } = only(files);

  it('has no problems and a normalised name', () => {
    expect(reported).toEqual([]);
    expect(project.name).toBe('my-shop');
    expect(project.nameSource).toBe('name');
    expect(pos(project.nameAt)).toBe('docker-compose.yml:1:7-1:14');
    expect(project.services.map((s) => s.name)).toEqual(['nginx', 'api', 'db']);
  });

  it('keeps exact positions of every value', () => {
    const nginx = service(project, 'nginx');
    expect(pos(nginx.at)).toBe('docker-compose.yml:5:3-5:8');
    expect(pos(nginx.body)).toBe('docker-compose.yml:6:5');
    expect(pos(nginx.image?.at)).toBe('docker-compose.yml:7:12-7:29');
    expect(pos(nginx.ports[0]?.at)).toBe('docker-compose.yml:9:9-9:30');
    expect(pos(nginx.ports[1]?.targetAt)).toBe('docker-compose.yml:10:17-10:20');
    expect(pos(nginx.ports[1]?.publishedAt)).toBe('docker-compose.yml:11:20-11:26');
    expect(pos(nginx.dependsOn[0]?.at)).toBe('docker-compose.yml:16:7-16:10');
    expect(pos(nginx.dependsOn[0]?.conditionAt)).toBe('docker-compose.yml:17:20-17:35');
    const api = service(project, 'api');
    expect(pos(api.networks[0]?.aliases[0]?.at)).toBe('docker-compose.yml:32:13-32:20');
    expect(pos(api.networks[1]?.ipv4Address?.at)).toBe('docker-compose.yml:34:23-34:34');
    expect(pos(api.expose[0]?.at)).toBe('docker-compose.yml:28:9-28:15');
    expect(pos(api.environment.find((v) => v.name === 'PORT')?.at)).toBe('docker-compose.yml:25:13-25:19');
    expect(pos(api.healthcheck?.probe?.at)).toBe('docker-compose.yml:36:13-36:68');
  });

  it('interpolates from .env and reads both port syntaxes', () => {
    const nginx = service(project, 'nginx');
    expect(nginx.ports.map((p) => `${p.published?.start}:${p.target.start}/${p.protocol} ${p.syntax}`)).toEqual(['8080:80/tcp short', '8443:443/tcp long']);
    expect(project.unsetVariables).toEqual([]);
  });

  it('reads dependencies, healthchecks, builds and mounts', () => {
    const nginx = service(project, 'nginx');
    expect(nginx.dependsOn).toMatchObject([{ service: 'api', condition: 'service_healthy', conditionWritten: true, restart: true, required: true }]);
    expect(nginx.dependsOnForm).toBe('map');
    expect(nginx.volumes).toMatchObject([
      { type: 'bind', source: './nginx/nginx.conf', hostPath: '/project/nginx/nginx.conf', target: '/etc/nginx/nginx.conf', readOnly: true },
    ]);
    expect(nginx.imageHealthcheck).toBe('none');
    const api = service(project, 'api');
    expect(api.healthcheck).toMatchObject({
      disabled: false,
      test: { form: 'CMD', args: ['wget', '-qO-', 'http://127.0.0.1:3000/health'] },
      probe: { host: '127.0.0.1', port: 3000 },
    });
    expect(api.healthcheck?.interval?.value).toBe('10s');
    expect(api.build).toMatchObject({ context: { value: './api' }, directory: '/project/api' });
    expect(api.imageHealthcheck).toBe('unknown');
    expect(api.listenHints.map((h) => `${h.source} ${h.port}`)).toEqual(['environment PORT 3000']);
  });

  it('resolves networks: forms, actual names, the implicit default only when used', () => {
    expect(service(project, 'nginx').networksForm).toBe('flow');
    expect(service(project, 'api').networksForm).toBe('map');
    expect(service(project, 'db').networksForm).toBe('list');
    expect(project.networks.map((n) => `${n.key}=${n.actualName}${n.external ? ' external' : ''}${n.internal ? ' internal' : ''}`)).toEqual([
      'front=my-shop_front',
      'back=my-shop_back internal',
      'outside=shared-proxy external',
    ]);
  });
});

describe('override files', () => {
  const base = `services:
  web:
    image: example/web:1.0
    ports:
      - "8080:80"
    environment:
      - MODE=prod
      - LOG=info
    volumes:
      - ./conf:/etc/web
    networks:
      - front
    depends_on:
      - api
  api:
    image: example/api:1.0
    command: ["node", "server.js"]
    ports:
      - "3000:3000"
networks:
  front:
`;

  it('merges docker-compose.override.yml as Compose does', () => {
    const { project, reported } = only({
      'docker-compose.yml': base,
      'docker-compose.override.yml': `services:
  web:
    image: example/web:dev
    ports:
      - "8080:80"
      - "9229:9229"
    environment:
      MODE: dev
    volumes:
      - ./dev-conf:/etc/web
      - ./src:/src
    networks:
      back: {}
    depends_on:
      db:
        condition: service_started
  api:
    command: npm run dev
    ports: !reset []
  db:
    image: postgres:16
networks:
  back:
`,
    });
    // `!reset` is a Compose tag, not a YAML error.
    expect(reported).toEqual([]);
    expect(project.files).toEqual(['docker-compose.yml', 'docker-compose.override.yml']);
    const web = service(project, 'web');
    expect(web.image?.value).toBe('example/web:dev');
    expect(pos(web.image?.at)).toBe('docker-compose.override.yml:3:12-3:27');
    expect(web.ports.map((p) => p.text)).toEqual(['8080:80', '9229:9229']);
    expect(pos(web.ports[0]?.at)).toBe('docker-compose.override.yml:5:9-5:18');
    expect(web.environment.map((v) => `${v.name}=${v.value}`)).toEqual(['MODE=dev', 'LOG=info']);
    expect(web.volumes.map((v) => `${v.source}:${v.target}`)).toEqual(['./dev-conf:/etc/web', './src:/src']);
    expect(web.networks.map((n) => n.name)).toEqual(['front', 'back']);
    expect(web.dependsOn.map((d) => `${d.service}/${d.condition}`)).toEqual(['api/service_started', 'db/service_started']);
    const api = service(project, 'api');
    expect(api.command).toMatchObject({ words: ['npm', 'run', 'dev'], form: 'string' });
    expect(api.ports).toEqual([]);
    expect(project.services.map((s) => s.name)).toEqual(['web', 'api', 'db']);
    expect(project.networks.map((n) => n.key)).toEqual(['front', 'back', 'default']);
  });

  it('replaces a list marked !override', () => {
    const { project } = only({
      'compose.yaml': base.replace('docker-compose', ''),
      'compose.override.yaml': 'services:\n  web:\n    ports: !override\n      - "9090:80"\n',
    });
    expect(service(project, 'web').ports.map((p) => p.text)).toEqual(['9090:80']);
  });

  it('layers a partial extra file on the base, and reads a standalone one alone', () => {
    const { facts } = parseProject({
      'docker-compose.yml': base,
      'docker-compose.prod.yml': 'services:\n  web:\n    ports:\n      - "443:443"\n',
      'docker-compose.ci.yml': 'services:\n  tests:\n    image: example/tests:1\n',
    });
    expect(facts.projects.map((p) => `${p.files.join(' + ')}${p.variantOf ? ` (variant of ${p.variantOf})` : ''}${p.partial ? ' partial' : ''}`)).toEqual([
      'docker-compose.yml',
      'docker-compose.ci.yml',
      'docker-compose.yml + docker-compose.prod.yml (variant of docker-compose.yml)',
    ]);
    expect(service(facts.projects[2]!, 'web').ports.map((p) => p.text)).toEqual(['8080:80', '443:443']);
  });

  it('layers an extra file that repeats images but uses the base file’s networks or services', () => {
    const { facts } = parseProject({
      'docker-compose.yml': base,
      'docker-compose.prod.yml':
        'services:\n  web:\n    image: example/web:1.1\n    networks: [front]\n  worker:\n    image: example/worker:1\n    depends_on: [api]\n',
      'docker-compose.staging.yml': 'services:\n  web:\n    image: example/web:1.1-rc\n  api:\n    image: example/api:1.1-rc\n',
    });
    expect(facts.projects.map((p) => p.files.join(' + '))).toEqual([
      'docker-compose.yml',
      'docker-compose.yml + docker-compose.prod.yml',
      'docker-compose.yml + docker-compose.staging.yml',
    ]);
  });

  it('marks a lone override file as partial', () => {
    const { facts } = parseProject({ 'stack/docker-compose.override.yml': 'services:\n  web:\n    networks: [front]\n' });
    expect(facts.projects.map((p) => [p.name, p.partial])).toEqual([['stack', true]]);
  });
});

describe('interpolation', () => {
  it('records unset variables with their positions, and uses PWD as the project directory', () => {
    const { project, reported } = only({
      'docker-compose.yml': `services:
  api:
    image: "\${REGISTRY:-docker.io}/example/api:\${TAG}"
    ports:
      - "\${API_PORT}:3000"
      - "\${ADMIN_PORT:-9000}:9000"
    environment:
      SECRET: "\${SECRET:?set SECRET in .env}"
      PRICE: "$$5"
    volumes:
      - \${PWD}/data:/data
    networks:
      - \${EDGE_NETWORK}
    container_name: \${CONTAINER}
    depends_on: ["\${DB_SERVICE}"]
`,
    });
    expect(reported).toEqual([]);
    const api = service(project, 'api');
    expect(api.image?.value).toBe('docker.io/example/api:');
    // A port built from an unset variable is unknown, not `:3000`.
    expect(api.ports.map((p) => p.text)).toEqual(['9000:9000']);
    expect(api.environment.map((v) => `${v.name}=${v.value}`)).toEqual(['SECRET=', 'PRICE=$5']);
    expect(api.volumes[0]?.hostPath).toBe('/project/data');
    // Names built from unset variables are unknown: no network "", no container name "", no dependency "".
    expect([api.networks, api.networksIncomplete, api.containerName, api.dependsOn]).toEqual([[], true, undefined, []]);
    expect(
      project.unsetVariables.map((u) => `${u.name}@${u.at.line}:${u.at.column}${u.defaulted ? ' default' : ''}${u.required ? ` required(${u.required})` : ''}`),
    ).toEqual([
      'REGISTRY@3:12 default',
      'TAG@3:12',
      'API_PORT@5:9',
      'ADMIN_PORT@6:9 default',
      'SECRET@8:15 required(set SECRET in .env)',
      'EDGE_NETWORK@13:9',
      'CONTAINER@14:21',
      'DB_SERVICE@15:18',
    ]);
  });

  it('reports an invalid template with its position', () => {
    const { reported } = only({ 'docker-compose.yml': 'services:\n  api:\n    image: "example/api:${TAG"\n' });
    expect(reported).toEqual(['docker-compose.yml:3:12 invalid interpolation format: `${TAG` has no closing brace']);
  });

  it('takes the project name from COMPOSE_PROJECT_NAME in .env before `name:`', () => {
    const { project } = only({ 'app/compose.yaml': 'name: ignored\nservices:\n  a:\n    image: x\n', 'app/.env': 'COMPOSE_PROJECT_NAME=Chosen_One\n' });
    expect([project.name, project.nameSource]).toEqual(['chosen_one', 'env']);
  });

  it('names a project after its directory otherwise', () => {
    const { project } = only({ 'My App!/compose.yaml': 'services:\n  a:\n    image: x\n' });
    expect([project.name, project.nameSource]).toEqual(['myapp', 'directory']);
    expect(project.networks).toEqual([{ key: 'default', actualName: 'myapp_default', external: false, internal: false, implicit: true }]);
  });
});

describe('service keys in every form', () => {
  it('reads list and map forms of environment, labels, networks, depends_on, extra_hosts', () => {
    const { project, reported } = only({
      'docker-compose.yml': `services:
  a:
    image: example/a
    environment: [HOST=0.0.0.0, EMPTY=, FROM_SHELL]
    labels:
      - traefik.enable=true
      - "traefik.http.routers.a.rule=Host(\`a.localhost\`)"
    extra_hosts:
      - "host.docker.internal:host-gateway"
      - legacy=10.0.0.5
    links:
      - b:bee
    profiles: [debug]
    depends_on: [b]
  b:
    image: example/b
    labels:
      com.example.team: core
    extra_hosts:
      db.local: 10.0.0.6
    depends_on:
      c:
        required: false
    network_mode: "service:a"
    hostname: bee-host
    container_name: bee
`,
    });
    expect(reported).toEqual([]);
    const a = service(project, 'a');
    expect(a.environment.map((v) => [v.name, v.value])).toEqual([
      ['HOST', '0.0.0.0'],
      ['EMPTY', ''],
      ['FROM_SHELL', undefined],
    ]);
    expect(a.labels.map((l) => `${l.key}=${l.value}`)).toEqual(['traefik.enable=true', 'traefik.http.routers.a.rule=Host(`a.localhost`)']);
    expect(a.extraHosts.map((h) => `${h.host}=${h.address}`)).toEqual(['host.docker.internal=host-gateway', 'legacy=10.0.0.5']);
    expect(a.links).toMatchObject([{ service: 'b', alias: 'bee' }]);
    expect(a.profiles.map((p) => p.value)).toEqual(['debug']);
    expect(a.dependsOnForm).toBe('flow-list');
    expect(a.networks).toMatchObject([{ name: 'default', implicit: true }]);
    const b = service(project, 'b');
    expect(b.labels.map((l) => `${l.key}=${l.value}`)).toEqual(['com.example.team=core']);
    expect(b.extraHosts.map((h) => `${h.host}=${h.address}`)).toEqual(['db.local=10.0.0.6']);
    expect(b.dependsOn).toMatchObject([{ service: 'c', required: false, conditionWritten: false }]);
    expect(b.networkMode?.value).toEqual({ kind: 'service', target: 'a', text: 'service:a' });
    expect(b.networks).toEqual([]);
    expect([b.hostname?.value, b.containerName?.value]).toEqual(['bee-host', 'bee']);
  });

  it.each([
    ['host', { kind: 'host', text: 'host' }],
    ['none', { kind: 'none', text: 'none' }],
    ['bridge', { kind: 'bridge', text: 'bridge' }],
    ['container:legacy', { kind: 'container', target: 'legacy', text: 'container:legacy' }],
    ['service:vpn', { kind: 'service', target: 'vpn', text: 'service:vpn' }],
  ])('network_mode %s', (mode, expected) => {
    const { project } = only({ 'compose.yml': `services:\n  a:\n    image: x\n    network_mode: ${mode}\n  vpn:\n    image: y\n` });
    expect(service(project, 'a').networkMode?.value).toEqual(expected);
  });

  it.each([
    ['test: ["CMD", "curl", "-f", "http://localhost:8080/ready"]', { form: 'CMD', disabled: false, probe: 'localhost:8080' }],
    ['test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]', { form: 'CMD-SHELL', disabled: false, probe: 'localhost:80' }],
    ['test: wget -q --spider 127.0.0.1:3000/health', { form: 'string', disabled: false, probe: '127.0.0.1:3000' }],
    ['test: ["CMD", "nc", "-z", "localhost", "5432"]', { form: 'CMD', disabled: false, probe: 'localhost:5432' }],
    ['test: ["CMD-SHELL", "pg_isready -U app"]', { form: 'CMD-SHELL', disabled: false, probe: undefined }],
    ['test: ["CMD-SHELL", "curl -f http://localhost:$$PORT/health"]', { form: 'CMD-SHELL', disabled: false, probe: undefined }],
    ['test: ["NONE"]', { form: 'NONE', disabled: true, probe: undefined }],
    ['disable: true', { form: undefined, disabled: true, probe: undefined }],
  ])('healthcheck %s', (body, expected) => {
    const { project, reported } = only({ 'compose.yml': `services:\n  a:\n    image: x\n    healthcheck:\n      ${body}\n` });
    expect(reported).toEqual([]);
    const hc = service(project, 'a').healthcheck!;
    const probe = hc.probe ? `${hc.probe.host}:${hc.probe.port}` : undefined;
    expect({ form: hc.test?.form, disabled: hc.disabled, probe }).toEqual(expected);
  });

  it('reads volume syntaxes', () => {
    const { project } = only({
      'compose.yml': `services:
  a:
    image: x
    volumes:
      - data:/var/lib/data
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - ~/certs:/certs
      - type: bind
        source: ./nginx/conf.d
        target: /etc/nginx/conf.d
        read_only: true
      - /anonymous
volumes:
  data:
    name: shared-data
`,
    });
    expect(service(project, 'a').volumes.map((v) => `${v.type} ${v.source ?? '-'} ${v.hostPath ?? '-'} → ${v.target}${v.readOnly ? ' ro' : ''}`)).toEqual([
      'volume data - → /var/lib/data',
      'bind /var/run/docker.sock /var/run/docker.sock → /var/run/docker.sock ro',
      'bind ~/certs - → /certs',
      'bind ./nginx/conf.d /project/nginx/conf.d → /etc/nginx/conf.d ro',
      'volume - - → /anonymous',
    ]);
    expect(project.volumes).toMatchObject([{ key: 'data', actualName: 'shared-data', external: false }]);
  });
});

describe('extends, include, env_file and Dockerfiles', () => {
  it('applies extends from the same file and from another file', () => {
    const { project, reported } = only({
      'docker-compose.yml': `services:
  base:
    image: example/app:1
    environment:
      LOG: info
    expose: ["8000"]
  web:
    extends: base
    command: gunicorn -b 0.0.0.0:8000 app:app
    environment:
      ROLE: web
  worker:
    extends:
      file: common.yml
      service: job
`,
      'common.yml': 'services:\n  job:\n    image: example/job:2\n    restart: always\n',
    });
    expect(reported).toEqual([]);
    const web = service(project, 'web');
    expect(web.image?.value).toBe('example/app:1');
    expect(pos(web.image?.at)).toBe('docker-compose.yml:3:12-3:25');
    expect(pos(web.at)).toBe('docker-compose.yml:7:3-7:6');
    expect(web.environment.map((v) => `${v.name}=${v.value}`)).toEqual(['LOG=info', 'ROLE=web']);
    expect(web.expose.map((e) => e.port.start)).toEqual([8000]);
    expect(service(project, 'worker').image?.value).toBe('example/job:2');
  });

  it('reports an extends cycle and a missing base instead of looping', () => {
    const { reported } = only({
      'docker-compose.yml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends: nowhere\n',
    });
    expect(reported).toEqual([
      'docker-compose.yml:3:14 `extends` cycle: a → b → a',
      'docker-compose.yml:7:14 service `c` extends `nowhere`, which is not defined',
    ]);
  });

  it('loads included files into the project, and not as projects of their own', () => {
    const { facts } = parseProject({
      'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  api:\n    image: example/api\n    depends_on: [db]\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - ./init:/docker-entrypoint-initdb.d\n',
    });
    expect(facts.projects).toHaveLength(1);
    const project = facts.projects[0]!;
    expect(project.files).toEqual(['compose.yaml', 'db/compose.yaml']);
    expect(service(project, 'db').volumes[0]?.hostPath).toBe('/project/db/init');
  });

  it('reads env_file values with their own positions, below environment', () => {
    const { project } = only({
      'docker-compose.yml': 'services:\n  api:\n    image: example/api\n    env_file: [api.env, missing.env]\n    environment:\n      PORT: "4000"\n',
      'api.env': '# api settings\nHOST=127.0.0.1\nPORT=3000\n',
    });
    const api = service(project, 'api');
    expect(api.environment.map((v) => `${v.name}=${v.value} (${v.source} ${pos(v.at)})`)).toEqual([
      'HOST=127.0.0.1 (env_file api.env:2:6)',
      'PORT=4000 (environment docker-compose.yml:6:13-6:19)',
    ]);
    expect(api.listenHints.map((h) => `${h.source} ${h.address ?? '*'}:${h.port ?? '?'}`)).toEqual(['env_file HOST 127.0.0.1:?', 'environment PORT *:4000']);
  });

  it("reads the build's Dockerfile: the target stage's EXPOSE, HEALTHCHECK, ENV and CMD", () => {
    const { project } = only({
      'docker-compose.yml': 'services:\n  app:\n    build:\n      context: ./app\n      target: runtime\n  other:\n    build: ./other\n',
      'app/Dockerfile': `FROM python:3.12 AS build
EXPOSE 9999
HEALTHCHECK CMD true

FROM python:3.12-slim AS runtime
ENV FLASK_APP=app.py \\
    FLASK_RUN_PORT=5001
EXPOSE 5001/tcp
CMD ["flask", "run"]

FROM runtime AS debug
EXPOSE 5678
`,
    });
    const app = service(project, 'app');
    expect(app.build?.dockerfilePath).toBe('app/Dockerfile');
    expect(app.build?.dockerfileHealthcheck).toBe(false);
    expect(app.imageHealthcheck).toBe('none');
    expect(app.environment.map((v) => `${v.name}=${v.value} ${v.source} ${pos(v.at)}`)).toEqual([
      'FLASK_APP=app.py Dockerfile app/Dockerfile:6:5',
      'FLASK_RUN_PORT=5001 Dockerfile app/Dockerfile:6:5',
    ]);
    expect(app.listenHints.map((h) => `${h.source}: ${h.address ?? '*'}:${h.port}`)).toEqual([
      'Dockerfile ENV FLASK_RUN_PORT: *:5001',
      'flask run default (Dockerfile CMD): 127.0.0.1:5001',
      'Dockerfile EXPOSE: *:5001',
    ]);
    const other = service(project, 'other');
    expect(other.build?.dockerfilePath).toBeUndefined();
    expect(other.imageHealthcheck).toBe('unknown');
  });
});

describe('bad input', () => {
  it('reports each bad value with its position and keeps the rest', () => {
    const { project, reported } = only({
      'docker-compose.yml': `services:
  api:
    image: example/api
    ports:
      - "80:eighty"
      - "3000:3000"
      - target: web
    expose:
      - "3000/icmp"
    depends_on:
      db:
        condition: service_ready
    healthcheck:
      test: ["RUN", "true"]
  broken: just-a-string
  db:
    image: postgres
`,
    });
    expect(reported).toEqual([
      'docker-compose.yml:5:9 invalid port `80:eighty`: `eighty` is not a container port (1–65535)',
      'docker-compose.yml:7:17 a long-syntax port needs a numeric `target` (the container port)',
      'docker-compose.yml:9:9 invalid `expose` entry `3000/icmp`: expected a port, a range or port/protocol',
      'docker-compose.yml:12:20 unknown depends_on condition `service_ready` (service_started, service_healthy or service_completed_successfully)',
      'docker-compose.yml:14:13 healthcheck `test` must be a string or a list starting with "CMD", "CMD-SHELL" or "NONE"',
      'docker-compose.yml:15:11 service `broken` must be a mapping',
    ]);
    expect(service(project, 'api').ports.map((p) => p.text)).toEqual(['3000:3000']);
    expect(project.services.map((s) => s.name)).toEqual(['api', 'broken', 'db']);
  });

  it('ignores YAML that is not Compose, even under a Compose name', () => {
    const { facts } = parseProject({
      'docker-compose.yml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n',
      'compose/values.yaml': 'replicaCount: 2\n',
      'other.yml': 'services:\n  a:\n    image: x\n',
    });
    expect(facts.projects).toEqual([]);
  });

  it('skips a file with a YAML syntax error (the loader reports it)', () => {
    const { facts, reported } = parseProject({ 'docker-compose.yml': 'services:\n  api:\n    image: x\n   ports: ["1:1"]\n' });
    expect(facts.projects).toEqual([]);
    expect(reported.length).toBeGreaterThan(0);
  });

  it('reports `services` that is not a mapping', () => {
    const { reported } = parseProject({ 'compose.yaml': 'services:\n  - api\n' });
    expect(reported.map((r) => `${r.at.line}:${r.at.column} ${r.message}`)).toEqual(['2:3 `services` must be a mapping of service names to their definitions']);
  });
});
