import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/diagnosis/lint.js';
import { targetGroupLinks } from '../../../src/rules/cloud-lb/links.js';

/**
 * The healthy Envoy, Traefik, Caddy, Spring and AWS examples are clean because every layer was followed, not
 * because nothing was: their paths resolve end to end and their apps are linked. (test/lint/examples.test.ts checks
 * that they lint clean and that each broken variant yields its rule.)
 */
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

function lintExample(name: string) {
  return lint({ cwd: join(EXAMPLES, name), paths: ['.'] });
}

function paths(name: string): string[] {
  return lintExample(name)
    .facts.topology.paths.map((p) => `${p.proxy.runtime?.label ?? '?'} → ${p.target.text} ${p.status}`)
    .sort();
}

describe('healthy examples are followed end to end', () => {
  it('envoy-grpc', () => {
    expect(paths('envoy-grpc')).toEqual(['Compose service `envoy` → inventory:50051 resolved', 'Compose service `envoy` → web:3000 resolved']);
  });

  it('traefik-compose', () => {
    expect(paths('traefik-compose')).toEqual([
      'Compose service `traefik` → api:3000 resolved',
      'Compose service `traefik` → http://legacy:8080 resolved',
      'Compose service `traefik` → www:80 resolved',
    ]);
  });

  it('caddy-compose', () => {
    expect(paths('caddy-compose')).toEqual([
      'Compose service `caddy` → admin:9000 resolved',
      'Compose service `caddy` → h2c://inventory:50051 resolved',
      'Compose service `caddy` → web:8080 resolved',
    ]);
  });

  it('spring-compose: the app runs in the Compose service built from its directory, with the docker profile', () => {
    const { facts } = lintExample('spring-compose');
    expect(paths('spring-compose')).toEqual(['Compose service `proxy` → orders:8080 resolved']);
    expect(facts.spring.apps.map((a) => [a.module, a.runtime?.label, a.activeProfiles])).toEqual([['orders', 'Compose service `orders`', ['docker']]]);
  });

  it('aws-alb: the target group is linked through the TargetGroupBinding to the Service, its pods and the Spring app', () => {
    const { facts } = lintExample('aws-alb');
    expect(facts.spring.apps.map((a) => [a.module, a.runtime?.label, a.activeProfiles])).toEqual([
      ['orders', 'Deployment `orders` (namespace `shop`)', ['eks']],
    ]);
    const links = targetGroupLinks(facts, facts.terraform.targetGroups[0]!);
    expect(links.map((l) => [l.label, l.workloads.map((w) => w.object.name), l.springApps.map((a) => a.module), l.containerPort])).toEqual([
      ['Service `orders` (namespace `shop`)', ['orders'], ['orders'], 8080],
    ]);
  });
});

describe('broken variants report at the value that was changed', () => {
  it.each([
    ['broken-envoy-grpc-without-http2', 'envoy/grpc-without-http2', 'envoy/envoy.yaml:34:13'],
    ['broken-envoy-idle-timeout-outlives-backend', 'envoy/idle-timeout-outlives-backend', 'envoy/envoy.yaml:67:13'],
    ['broken-spring-server-address-loopback', 'spring/server-address-loopback', 'orders/src/main/resources/application-docker.yml:2:12'],
    ['broken-spring-keep-alive-below-proxy-idle', 'spring/keep-alive-below-proxy-idle', 'orders/src/main/resources/application.yml:17:25'],
    ['broken-traefik-ambiguous-docker-network', 'traefik/ambiguous-docker-network', 'docker-compose.yml:48:7'],
    ['broken-traefik-routed-container-not-enabled', 'traefik/routed-container-not-enabled', 'docker-compose.yml:67:7'],
    ['broken-caddy-grpc-without-h2c', 'caddy/grpc-without-h2c', 'caddy/Caddyfile:13:22'],
    ['broken-cloud-lb-health-check-port-mismatch', 'cloud-lb/health-check-port-mismatch', 'infra/alb.tf:44:27'],
    ['broken-cloud-lb-idle-timeout-exceeds-keepalive', 'cloud-lb/idle-timeout-exceeds-keepalive', 'infra/alb.tf:28:18'],
  ])('%s', (name, rule, where) => {
    const findings = lintExample(name).findings;
    expect(findings.filter((f) => f.rule === rule).map((f) => `${f.at.file}:${f.at.line}:${f.at.column}`)).toEqual([where]);
    // Broken in one way only.
    expect(findings.map((f) => f.rule)).toEqual([rule]);
  });
});
