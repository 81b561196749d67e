import { signatureWithId } from '../../knowledge/signatures/index.js';
import type { LintFacts } from '../lint-facts.js';
import type { EvidenceCollector } from './model.js';

/**
 * Health-check failures set against the health checks as configured: when the logs or a message say the load
 * balancer's health checks fail and a target group checks an explicit port other than the one it sends traffic
 * to, the check most likely asks a port the targets do not serve — every target turns unhealthy while the app is
 * fine (no-healthy-upstream), rather than the app being down or unreachable. A check on the traffic port says
 * nothing here (it fails for the same reasons traffic would).
 */
export function addHealthCheckEvidence(collector: EvidenceCollector, facts: LintFacts | undefined): void {
  if (!facts?.terraform.targetGroups.length) return;
  const healthCheckFailures = collector.evidence.some((e) => {
    if (!(e.source.kind === 'log' || e.source.kind === 'message') || e.answer === 'yes' || !e.source.step) return false;
    return signatureWithId(e.source.step)?.phase === 'health-check';
  });
  if (!healthCheckFailures) return;
  for (const tg of facts.terraform.targetGroups) {
    const check = tg.healthCheck;
    const checked = check?.port?.value;
    const traffic = tg.port?.value;
    if (!check || check.enabled === false || typeof checked !== 'number' || traffic === undefined || checked === traffic) continue;
    const at = check.port?.at ?? check.at;
    collector.add({
      stage: 'configured',
      source: { kind: 'config', where: `${at.file}:${at.line}`, file: at.file, line: at.line },
      strength: 0.8,
      weights: { 'no-healthy-upstream': 0.8, 'port-mismatch': 0.2 },
      summary: `target group \`${tg.resource.address}\` sends traffic to port ${traffic} but health-checks port ${checked}: a check on a port the targets do not serve fails on every target, so none turns healthy`,
      group: 'health-checks',
    });
    return;
  }
}
