import type { ProbeVerdict, TargetReport } from '../probes/run-probe.js';

/**
 * The verdicts that need no ranking of causes: a healthy target, and one the deadline kept from being probed.
 * Undefined when something failed (then `diagnoseTarget` in probe.ts). Apart from probe.ts so that a probe run
 * loads the ranking (rank-causes and the setup inferences behind it, ~28 KB) only with its first failed target.
 */
export function verdictWithoutRanking(report: TargetReport): ProbeVerdict | undefined {
  if (report.deadline && report.addresses.length === 0 && !report.dns) return { ok: false, summary: 'not probed: the --deadline was reached', causes: [] };
  if (report.addresses.length === 0 || report.addresses.some((a) => !a.ok)) return undefined;
  return { ok: true, summary: okSummary(report), causes: [] };
}

function okSummary(report: TargetReport): string {
  const a = report.addresses[0];
  if (!a) return 'healthy';
  const http = a.http;
  const what = http
    ? `${http.protocol} ${http.status}${http.grpc?.serving ? ` ${http.grpc.serving}` : ''}`
    : a.tls
      ? `TLS ${a.tls.protocol ?? ''}`.trim()
      : 'TCP connect';
  const count = report.addresses.length > 1 ? ` on all ${report.addresses.length} addresses` : '';
  return `healthy: ${what}${count} (${a.timing.totalMs} ms)`;
}
