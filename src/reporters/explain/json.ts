import type { ExplainReport } from '../../diagnosis/explain.js';

/**
 * The `--json` contract (stable; scripts rely on it): `matches[{signature, platform, phase, fields}]`,
 * `causes[{id, score, why}]` best first, `checks`, `fixes`. Extra fields may be added, never removed.
 */
export function renderExplainJson(report: ExplainReport): string {
  return `${JSON.stringify(
    {
      recognised: report.causes.length > 0,
      phase: report.phase,
      environment: report.environment,
      setup: report.setup,
      matches: report.matches,
      statusOnly: report.statusOnly ?? null,
      causes: report.causes.map((c) => ({ id: c.id, score: c.score, why: c.why, title: c.title, reasons: c.reasons })),
      checks: report.checks,
      fixes: report.fixes,
    },
    null,
    2,
  )}\n`;
}
