import type { SourcePosition } from '../../core/position.js';
import type { LintFacts } from '../../evidence/lint-facts.js';
import { caddyTargetIndex } from '../../inputs/caddy/queries.js';
import { envoyTargetIndex } from '../../inputs/envoy/queries.js';
import { nginxTargetIndex } from '../../inputs/nginx/queries.js';
import type { SpringApp } from '../../inputs/spring/model.js';
import { albIngressBackends, idleFromAttributes, targetGroupLinks } from '../cloud-lb/links.js';

/** How long a proxy or load balancer in front of an app keeps idle connections to it open for reuse. */
export interface FrontIdle {
  seconds: number;
  /** "Envoy (envoy.yaml) cluster `orders` (default idle_timeout 1 h)". */
  source: string;
  at?: SourcePosition;
}

/** Defaults: Envoy 1 h, nginx `keepalive_timeout` 60 s (with `keepalive`), Caddy 2 min, Traefik (Go) 90 s, AWS ALB 60 s. */
export function idleTimeoutsInFront(facts: LintFacts, app: SpringApp): FrontIdle[] {
  const out: FrontIdle[] = [];
  const runtimeId = app.runtime?.runtimeId;
  if (runtimeId) {
    const envoy = envoyTargetIndex(facts.envoy);
    const nginx = nginxTargetIndex(facts.nginx);
    const caddy = caddyTargetIndex(facts.caddy);
    for (const path of facts.topology.paths) {
      if (path.status !== 'resolved' || path.backend?.runtime.id !== runtimeId) continue;
      const id = path.target.id;
      switch (path.proxy.product) {
        case 'envoy': {
          const ref = envoy.get(id);
          if (ref?.cluster.protocol !== 'http1' || (ref.cluster.usedBy.length > 0 && ref.cluster.usedBy.every((u) => u.kind === 'tcp_proxy'))) break;
          const idle = ref.cluster.idleTimeout;
          out.push({
            seconds: idle?.value ?? 3600,
            source: `${path.proxy.label} cluster \`${ref.cluster.name.value}\`${idle ? '' : ' (default idle_timeout 1 h)'}`,
            ...(idle ? { at: idle.at } : {}),
          });
          break;
        }
        case 'nginx': {
          const ref = nginx.get(id);
          if (ref?.kind !== 'upstream-server' || !ref.upstream.keepalive || ref.upstream.keepalive.value === 0) break;
          const idle = ref.upstream.keepaliveTimeout;
          out.push({
            seconds: idle?.value ?? 60,
            source: `${path.proxy.label} upstream \`${ref.upstream.name.value}\`${idle ? '' : ' (default keepalive_timeout 60 s)'}`,
            at: idle?.at ?? ref.upstream.keepalive.at,
          });
          break;
        }
        case 'caddy': {
          const ref = caddy.get(id);
          const idle = ref?.proxy.transport.keepalive;
          if (!ref || idle?.value === 0) break;
          out.push({ seconds: idle?.value ?? 120, source: `${path.proxy.label}${idle ? '' : ' (default keepalive 2 min)'}`, ...(idle ? { at: idle.at } : {}) });
          break;
        }
        case 'traefik':
          out.push({ seconds: 90, source: `${path.proxy.label} (Go's default idle connection timeout 90 s)` });
          break;
      }
    }
  }
  for (const tg of facts.terraform.targetGroups) {
    if (!targetGroupLinks(facts, tg).some((l) => l.springApps.includes(app))) continue;
    for (const lb of facts.terraform.loadBalancers) {
      if (lb.resource.module !== tg.resource.module || !tg.loadBalancers.includes(lb.resource.address) || lb.type !== 'application' || lb.idleTimeoutUnknown)
        continue;
      out.push({
        seconds: lb.idleTimeout?.value ?? 60,
        source: `AWS ALB \`${lb.resource.address}\`${lb.idleTimeout ? '' : ' (default idle_timeout 60 s)'}`,
        at: lb.idleTimeout?.at ?? lb.resource.at,
      });
    }
  }
  for (const backend of albIngressBackends(facts)) {
    if (!backend.link.springApps.includes(app)) continue;
    const attributes = backend.annotation('load-balancer-attributes');
    const idle = attributes ? idleFromAttributes(attributes.value) : undefined;
    out.push({
      seconds: idle ?? 60,
      source: `the ALB of Ingress \`${backend.ingress.object.name}\`${idle === undefined ? ' (default idle timeout 60 s)' : ''}`,
      at: attributes?.at ?? backend.ingress.object.at,
    });
  }
  return out;
}
