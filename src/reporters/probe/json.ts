import type { InvalidTarget, ProbeReport, TargetReport } from '../../probes/run-probe.js';

/**
 * The `--json` contract (stable; scripts rely on it): `targets[{target, ok, causes[{id, score, why}],
 * steps[{step, ok, ms, detail}]}]` plus the raw findings (dns, addresses with connect/tls/http/local).
 * Extra fields may be added, never removed. Network text is already stripped of control characters.
 */
export function renderProbeJson(report: ProbeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One JSON line per target (as each finishes, with `--targets`), and one per invalid line. */
export function renderProbeJsonLine(item: TargetReport | InvalidTarget): string {
  return `${JSON.stringify(item)}\n`;
}

export function renderProbeJsonLines(report: ProbeReport): string {
  return [...report.invalid, ...report.targets].map(renderProbeJsonLine).join('');
}
