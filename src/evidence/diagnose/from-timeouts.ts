import type { Finding } from '../../core/define-rule.js';
import type { LogPatterns } from '../log-summary/patterns.js';
import type { LintFacts } from '../lint-facts.js';
import type { EvidenceCollector } from './model.js';
import { targetKey } from './upstream-match.js';

/**
 * Logs and configs together on timeouts: when the slow failures all take the same number of seconds and that is a
 * timeout the proxy is configured with (nginx `proxy_read_timeout`, HAProxy `timeout server`, an Envoy route's `timeout`), it is the proxy's
 * limit that cuts requests — the backend is still working (timeout-misaligned) or is too slow (slow-upstream);
 * lint's finding that the backend is allowed longer then decides between them.
 */
/** Envoy's route timeout when a route sets none (RouteAction.timeout). */
const ENVOY_DEFAULT_ROUTE_TIMEOUT_S = 15;

export function addTimeoutEvidence(
  collector: EvidenceCollector,
  patterns: LogPatterns | undefined,
  facts: LintFacts | undefined,
  findings: readonly Finding[],
): void {
  const common = patterns?.timing.commonTimeout;
  if (!common || !facts) return;
  const near = (seconds: number) => Math.abs(seconds - common.seconds) <= 1;
  const found: { what: string; file: string; line: number; target?: string }[] = [];
  for (const config of facts.nginx.configs)
    for (const pass of config.passes) {
      const read = pass.settings.readTimeout;
      if (near(read.value))
        found.push({
          what: `${pass.directive.replace(/_pass$/, '')}_read_timeout ${read.value}s${read.at ? '' : ' (the default)'} for ${pass.route}`,
          file: (read.at ?? pass.at).file,
          line: (read.at ?? pass.at).line,
          target: pass.id,
        });
    }
  for (const config of facts.haproxy.configs)
    for (const backend of config.backends) {
      const server = backend.timeouts.server;
      if (server && near(server.value / 1000))
        found.push({
          what: `timeout server ${server.value / 1000}s of backend ${backend.name.value}`,
          file: (server.at ?? backend.at).file,
          line: (server.at ?? backend.at).line,
        });
    }
  // Envoy's route timeout covers the whole response; unset it is 15 s (Istio turns it off), 0 disables it.
  for (const config of facts.envoy.configs)
    for (const listener of config.listeners)
      for (const route of listener.routes) {
        if (route.kind !== 'route') continue;
        const seconds = route.timeout?.value ?? ENVOY_DEFAULT_ROUTE_TIMEOUT_S;
        if (seconds > 0 && near(seconds))
          found.push({
            what: `route timeout ${seconds}s${route.timeout ? '' : ' (the default)'} for ${route.route}`,
            file: (route.timeout ?? route.cluster).at.file,
            line: (route.timeout ?? route.cluster).at.line,
          });
      }
  const first = found[0];
  if (!first) return;
  const target = first.target ? facts.topology.targets.find((t) => t.id === first.target) : undefined;
  // The configs also say the backend may take longer: the requests really outlive the proxy's limit.
  const longer = findings.find((f) => f.cause === 'timeout-misaligned' && f.at.file === first.file);
  collector.add({
    stage: 'over-time',
    source: { kind: 'config', where: `${first.file}:${first.line}`, file: first.file, line: first.line },
    strength: 0.75,
    weights: longer ? { 'timeout-misaligned': 0.85, 'slow-upstream': 0.15 } : { 'timeout-misaligned': 0.5, 'slow-upstream': 0.5 },
    summary: `the slow failures take ${common.seconds} s, which is the proxy's own ${first.what}: the proxy gives up while the backend is still working${longer ? ', and the backend is allowed longer (see the timeout finding)' : ''}`,
    group: 'timeouts',
    ...(target ? { target: target.id, ...(targetKey(target) ? { upstream: targetKey(target) } : {}) } : {}),
  });
}
