import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/diagnosis/lint.js';

/**
 * The Compose examples beyond what test/lint/examples.test.ts checks for every example: the healthy one is really
 * followed end to end, and each broken one reports its rule at the value to change (and no other Compose rule).
 */
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const lintExample = (name: string) => lint({ cwd: `${EXAMPLES}${name}`, paths: ['.'] });

describe('examples/compose-nginx-api', () => {
  const result = lintExample('compose-nginx-api');

  it('merges the override file and interpolates .env', () => {
    const [project] = result.facts.compose.projects;
    expect(project?.files).toEqual(['docker-compose.yml', 'docker-compose.override.yml']);
    const nginx = project?.services.find((s) => s.name === 'nginx');
    expect(nginx?.ports.map((p) => p.text)).toEqual(['8080:80']);
    const api = project?.services.find((s) => s.name === 'api');
    expect(api?.environment.find((v) => v.name === 'NODE_ENV')?.value).toBe('development');
    expect(api?.environment.find((v) => v.name === 'PGPASSWORD')?.value).toBe('notes-dev-password');
    expect(project?.unsetVariables).toEqual([]);
  });

  it('locates nginx in its service and follows the alias to the API on the shared network', () => {
    expect(result.facts.topology.proxies.map((p) => p.runtime?.id)).toEqual(['compose:compose-nginx-api/nginx']);
    const paths = result.facts.topology.paths.map((p) => ({ target: p.target.text, status: p.status, steps: p.steps.map((s) => s.text) }));
    expect(paths).toEqual([
      {
        target: 'notes-api:4000',
        status: 'resolved',
        steps: ['notes-api:4000', '`notes-api` → network alias of `api` on network `edge`', '`api` listens on 4000 (ports)'],
      },
    ]);
  });
});

describe('broken Compose examples report their rule where the fix goes', () => {
  it.each([
    ['broken-compose-no-shared-network', 'compose/no-shared-network', ['docker-compose.yml:14:3']],
    ['broken-compose-unregistered-target-name', 'compose/unregistered-target-name', ['compose.yaml:26:13']],
    ['broken-compose-host-network-mode', 'compose/host-network-mode', ['docker-compose.yml:4:19']],
    ['broken-compose-backend-binds-loopback', 'compose/backend-binds-loopback', ['docker-compose.yml:14:14']],
    ['broken-compose-proxy-starts-before-backend', 'compose/proxy-starts-before-backend', ['docker-compose.yml:9:9']],
    ['broken-compose-backend-without-healthcheck', 'compose/backend-without-healthcheck', ['docker-compose.yml:12:3']],
    ['broken-compose-healthy-condition-without-healthcheck', 'compose/healthy-condition-without-healthcheck', ['docker-compose.yml:14:20']],
    ['broken-compose-healthcheck-port-differs', 'compose/healthcheck-port-differs', ['docker-compose.yml:21:13']],
    ['broken-compose-undefined-network', 'compose/undefined-network', ['docker-compose.yml:5:9']],
    ['broken-compose-undefined-dependency', 'compose/undefined-dependency', ['docker-compose.yml:8:9']],
    ['broken-compose-dependency-cycle', 'compose/dependency-cycle', ['docker-compose.yml:14:9']],
    ['broken-compose-duplicate-published-port', 'compose/duplicate-published-port', ['docker-compose.yml:11:20']],
    ['broken-compose-proxied-port-not-declared', 'compose/proxied-port-not-declared', ['docker-compose.yml:11:3']],
    ['broken-compose-virtual-port-mismatch', 'compose/virtual-port-mismatch', ['docker-compose.yml:27:21']],
  ])('%s', (name, rule, positions) => {
    const findings = lintExample(name).findings.filter((f) => f.rule.startsWith('compose/'));
    const mine = findings.filter((f) => f.rule === rule).map((f) => `${f.at.file}:${f.at.line}:${f.at.column}`);
    expect(mine).toEqual(positions);
    // The one other Compose finding allowed: HAProxy on the host network does not wait for Prometheus either.
    const others = findings.filter((f) => f.rule !== rule).map((f) => f.rule);
    expect(others).toEqual(name === 'broken-compose-host-network-mode' ? ['compose/proxy-starts-before-backend'] : []);
  });
});
