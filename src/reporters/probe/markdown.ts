import { escapeMarkdown } from '../../inputs/text/sanitize.js';
import type { ProbeReport, TargetReport } from '../../probes/run-probe.js';
import { percent } from '../style.js';

/** Markdown for a ticket or chat: a summary table, then each failing target's steps and causes. */
export function renderProbeMarkdown(report: ProbeReport): string {
  const out: string[] = ['## updoc probe', ''];
  const s = report.summary;
  out.push(
    `${s.targets} target${s.targets === 1 ? '' : 's'} probed from ${report.vantage === 'current' ? 'this machine' : `\`${escapeMarkdown(report.vantage)}\``}: **${s.ok} healthy, ${s.failed} failed**${s.invalid ? `, ${s.invalid} invalid line(s)` : ''}.`,
    '',
  );
  if (report.invalid.length) {
    out.push('| line | input | problem |', '|---|---|---|');
    for (const bad of report.invalid) out.push(`| ${bad.line} | ${escapeMarkdown(bad.input)} | ${escapeMarkdown(bad.error)} |`);
    out.push('');
  }
  out.push('| target | result | verdict |', '|---|---|---|');
  for (const t of report.targets) out.push(`| ${escapeMarkdown(t.target)} | ${t.ok ? '✓ healthy' : '✗ failed'} | ${escapeMarkdown(t.summary)} |`);
  const detailed = report.targets.filter((t) => !t.ok || report.targets.length === 1);
  for (const t of detailed) out.push(...targetSection(t));
  if (report.via) out.push(...targetSection(report.via, 'through the proxy (--via)'));
  out.push('');
  return out.join('\n');
}

function targetSection(t: TargetReport, note = ''): string[] {
  const out = ['', `### ${escapeMarkdown(t.target)}${note ? ` — ${note}` : ''}`, '', '| step | address | ok | ms | detail |', '|---|---|---|---|---|'];
  for (const step of t.steps)
    out.push(`| ${step.step} | ${escapeMarkdown(step.address ?? '')} | ${step.ok ? '✓' : '✗'} | ${step.ms} | ${escapeMarkdown(step.detail)} |`);
  if (t.causes.length) {
    out.push('', '**Likely root causes**', '');
    t.causes.slice(0, 4).forEach((c, i) => {
      out.push(`${i + 1}. **${c.id}** (${percent(c.score)}) — ${escapeMarkdown(c.title)}: ${escapeMarkdown(c.why)}`);
    });
  }
  return out;
}
