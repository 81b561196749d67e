// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Spring placeholders are written ${NAME:default}
import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../../src/inputs/spring/properties-syntax.js';
import { managementPort, parseSpringDuration, serverPort, tomcatKeepAlive } from '../../../src/inputs/spring/queries.js';
import { profileMatches, resolvePlaceholders } from '../../../src/inputs/spring/settings.js';
import { lintProject } from '../../helpers/lint-project.js';

const RES = 'orders/src/main/resources';

describe('.properties syntax', () => {
  it('reads separators, continuations, escapes and comments like java.util.Properties, with positions', () => {
    const text = [
      '# comment',
      '! also a comment',
      'server.port=8080',
      'server.address : 0.0.0.0',
      'spring.application.name   orders',
      'list=a,\\',
      '    b,\\',
      '    c',
      'key\\ with\\ spaces=v',
      'unicode=caf\\u00e9',
      'empty=',
      'trailing=x   ',
    ].join('\n');
    const { documents, problems } = parseProperties('a.properties', text);
    expect(problems).toEqual([]);
    const entries = documents[0]!.entries;
    expect(entries.map((e) => [e.key, e.value])).toEqual([
      ['server.port', '8080'],
      ['server.address', '0.0.0.0'],
      ['spring.application.name', 'orders'],
      ['list', 'a,b,c'],
      ['key with spaces', 'v'],
      ['unicode', 'café'],
      ['empty', ''],
      ['trailing', 'x'],
    ]);
    const pos = (i: number) => `${entries[i]!.valueAt.line}:${entries[i]!.valueAt.column}-${entries[i]!.valueAt.endLine}:${entries[i]!.valueAt.endColumn}`;
    expect([pos(0), pos(1), pos(2), pos(3), pos(7)]).toEqual(['3:13-3:17', '4:18-4:25', '5:27-5:33', '6:6-8:6', '12:10-12:11']);
  });

  it('splits Spring Boot multi-document files at #--- and !---', () => {
    const { documents } = parseProperties('a.properties', 'a=1\n#---\nspring.config.activate.on-profile=prod\na=2\n!---\na=3\n');
    expect(documents.map((d) => [d.startLine, d.entries.map((e) => e.value)])).toEqual([
      [1, ['1']],
      [3, ['prod', '2']],
      [6, ['3']],
    ]);
  });
});

describe('values', () => {
  it('resolves placeholders with defaults, nested', () => {
    const env: Record<string, string> = { PORT: '3000' };
    const lookup = (n: string) => env[n];
    expect(
      ['${PORT:8080}', '${MISSING:8080}', 'http://${HOST:${FALLBACK:localhost}}:${PORT}', '${MISSING}', 'plain'].map((t) => resolvePlaceholders(t, lookup)),
    ).toEqual(['3000', '8080', 'http://localhost:3000', undefined, 'plain']);
  });

  it('evaluates profile expressions', () => {
    expect(['prod', 'prod,qa', '!dev', 'prod & cloud', 'prod & !cloud', '(dev | qa) & eu'].map((e) => profileMatches(e, ['prod', 'eu']))).toEqual([
      true,
      true,
      true,
      false,
      true,
      false,
    ]);
  });

  it('reads Spring durations (bare numbers are milliseconds)', () => {
    expect(['20s', '500ms', '2m', 'PT1M30S', '15000', 'later'].map((d) => parseSpringDuration(d))).toEqual([20, 0.5, 120, 90, 15, undefined]);
  });
});

describe('Spring apps', () => {
  it('applies profiles, .properties over YAML, then the runtime environment and flags', async () => {
    const { facts } = await lintProject({
      'docker-compose.yml': `services:
  orders:
    build: ./orders
    command: ["java", "-jar", "app.jar", "--server.tomcat.keep-alive-timeout=90s"]
    environment:
      SPRING_PROFILES_ACTIVE: docker,eu
      JAVA_OPTS: -Xmx512m -Dmanagement.server.port=9001
      DB_HOST: postgres
    expose: ["8080", "9001"]
`,
      [`${RES}/application.yml`]: `spring:
  application:
    name: orders
  profiles:
    active: dev
  datasource:
    url: jdbc:postgresql://\${DB_HOST:localhost}:5432/orders
server:
  port: 9000
---
spring:
  config:
    activate:
      on-profile: "docker & eu"
server:
  port: 8085
`,
      [`${RES}/application.properties`]: 'server.port=8081\n',
      [`${RES}/application-docker.properties`]: 'server.port=8080\n',
      [`${RES}/application-dev.yml`]: 'server:\n  port: 1234\n',
      'orders/src/test/resources/application.properties': 'server.port=0\n',
    });
    expect(facts.spring.apps).toHaveLength(1);
    const app = facts.spring.apps[0]!;
    expect([app.module, app.name?.value, app.activeProfiles, app.activeProfilesFrom, app.runtime?.how]).toEqual([
      'orders',
      'orders',
      ['docker', 'eu'],
      'env SPRING_PROFILES_ACTIVE',
      'its image is built from `./orders`',
    ]);
    expect(serverPort(app)).toMatchObject({ value: 8080, setting: { source: `profile \`docker\` (${RES}/application-docker.properties)` } });
    expect(managementPort(app)).toMatchObject({ value: 9001, setting: { source: '-Dmanagement.server.port (env JAVA_OPTS)' } });
    expect(tomcatKeepAlive(app)).toMatchObject({ seconds: 90 });
    expect(app.settings.get('spring.datasource.url')).toMatchObject({ value: 'jdbc:postgresql://postgres:5432/orders', fromVariable: 'DB_HOST' });
  });

  it('attaches apps: a bind mount, a Kubernetes manifest in the module, a ConfigMap, a name match; never a guess among several', async () => {
    const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: ${name}
          image: ghcr.io/acme/${name}:1.0
${extra}`;
    const { facts } = await lintProject({
      'docker-compose.yml': 'services:\n  billing:\n    image: ghcr.io/acme/billing-svc:2\n    volumes:\n      - ./billing-config:/config:ro\n',
      'billing-config/application.properties': 'server.port=8080\n',
      'catalog/src/main/resources/application.properties': 'server.port=8080\n',
      'catalog/k8s/deployment.yaml': deployment('catalog'),
      'k8s/payments.yaml': `${deployment('payments', '          volumeMounts: [{ name: cfg, mountPath: /config }]\n      volumes:\n        - name: cfg\n          configMap: { name: payments-config }\n')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: payments-config
data:
  application.yml: |
    server:
      port: 7070
`,
      'k8s/search.yaml': deployment('search'),
      'search/src/main/resources/application.properties': 'spring.application.name=search\n',
      'mystery/src/main/resources/application.properties': 'server.port=1\n',
    });
    const how = Object.fromEntries(facts.spring.apps.map((a) => [a.module, a.runtime?.how ?? null]));
    expect(how).toEqual({
      'billing-config': '`./billing-config` is mounted into it',
      catalog: "its manifest catalog/k8s/deployment.yaml is in the app's directory",
      'payments-config': 'it mounts ConfigMap `payments-config`',
      search: 'it is named like the app',
      mystery: null,
    });
    const payments = facts.spring.apps.find((a) => a.module === 'payments-config')!;
    expect([serverPort(payments)?.value, serverPort(payments)?.setting?.at.file, serverPort(payments)?.setting?.at.line]).toEqual([
      7070,
      'k8s/payments.yaml',
      25,
    ]);
  });

  it('reads every properties line as Java does (no errors there); reports YAML errors once', async () => {
    const { findings } = await lintProject({
      [`${RES}/application.yml`]: 'server:\n  port: 8080\n bad: [\n',
      [`${RES}/application.properties`]: '=value\n\\\n',
    });
    const errors = findings.filter((f) => f.rule === 'input/parse-error').map((f) => `${f.at.file}:${f.at.line}:${f.at.column} ${f.message}`);
    expect(new Set(errors.map((e) => e.split(':')[0]))).toEqual(new Set([`${RES}/application.yml`]));
    expect(new Set(errors).size).toBe(errors.length);
  });
});
