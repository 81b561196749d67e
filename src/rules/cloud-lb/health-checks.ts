import type { Fix } from '../../core/define-rule.js';
import type { SourcePosition } from '../../core/position.js';
import type { LintFacts } from '../../evidence/lint-facts.js';
import { linesOf, replaceValue } from '../text-edits.js';
import { albIngressBackends, type LinkedBackend, targetGroupLinks } from './links.js';

/** A load balancer health check as written, with the backends it checks. */
export interface LbHealthCheck {
  /** "target group `aws_lb_target_group.orders`", "the ALB of Ingress `web` (route …)". */
  label: string;
  path?: { value: string; at: SourcePosition };
  port?: { value: number | 'traffic-port'; at: SourcePosition };
  /** The port traffic (and a `traffic-port` check) reaches at the target. */
  trafficPort?: number;
  links: LinkedBackend[];
  /** Sets the check's port (replacing it, or adding the setting). */
  setPort(port: number | 'traffic-port'): Fix | undefined;
  setPath(path: string): Fix | undefined;
}

/** Terraform target groups (with a `health_check` block) and ALB Ingress backends, each with what is behind them. */
export function lbHealthChecks(facts: LintFacts): LbHealthCheck[] {
  const out: LbHealthCheck[] = [];
  for (const tg of facts.terraform.targetGroups) {
    const hc = tg.healthCheck;
    if (!hc || hc.enabled === false || (hc.protocol && !/^HTTPS?$/i.test(hc.protocol.value))) continue;
    const links = targetGroupLinks(facts, tg);
    if (links.length === 0) continue;
    const traffic = links.map((l) => l.containerPort).find((p) => p !== undefined) ?? tg.port?.value;
    const check: LbHealthCheck = {
      label: `target group \`${tg.resource.address}\``,
      links,
      ...(traffic !== undefined ? { trafficPort: traffic } : {}),
      setPort: (port) => {
        const value = port === 'traffic-port' ? 'traffic-port' : String(port);
        if (hc.port) return replaceValue(facts, hc.port.at, value, `health-check port ${value}`);
        if (!hc.end) return undefined;
        const line = linesOf(facts, hc.end.file)?.[hc.end.line - 1] ?? '';
        const indent = /^\s*/.exec(line)?.[0] ?? '';
        if (indent.length !== hc.end.column - 1) return undefined;
        return {
          description: `health-check port ${value}`,
          file: hc.end.file,
          line: hc.end.line,
          column: 1,
          endLine: hc.end.line,
          endColumn: 1,
          replacement: `${indent}  port = "${value}"\n`,
        };
      },
      setPath: (path) => (hc.path ? replaceValue(facts, hc.path.at, path, `health-check \`${path}\``) : undefined),
    };
    if (hc.path) check.path = hc.path;
    if (hc.port) check.port = hc.port;
    out.push(check);
  }
  for (const backend of albIngressBackends(facts)) {
    const path = backend.annotation('healthcheck-path');
    const port = backend.annotation('healthcheck-port');
    if (!path && !port) continue;
    const check: LbHealthCheck = {
      label: `the ALB of Ingress \`${backend.ingress.object.name}\` (${backend.route})`,
      links: [backend.link],
      ...(backend.link.containerPort !== undefined ? { trafficPort: backend.link.containerPort } : {}),
      setPort: (value) => (port ? replaceValue(facts, port.at, String(value), `health-check port ${value}`) : undefined),
      setPath: (value) => (path ? replaceValue(facts, path.at, value, `health-check \`${value}\``) : undefined),
    };
    if (path) check.path = { value: path.value, at: path.at };
    if (port) {
      const v = port.value.trim();
      if (v === 'traffic-port') check.port = { value: 'traffic-port', at: port.at };
      else if (/^\d+$/.test(v)) check.port = { value: Number(v), at: port.at };
    }
    out.push(check);
  }
  return out;
}

/** The port a check is sent to: its own port, or the traffic port. */
export function checkPortOf(check: LbHealthCheck): number | undefined {
  return typeof check.port?.value === 'number' ? check.port.value : check.trafficPort;
}
