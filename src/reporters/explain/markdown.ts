import type { ExplainReport } from '../../diagnosis/explain.js';
import { displayLine, escapeMarkdown } from '../../inputs/text/sanitize.js';
import { percent } from '../style.js';

/** Markdown for pasting into a ticket or chat. */
export function renderExplainMarkdown(report: ExplainReport): string {
  if (report.causes.length === 0) return '**updoc:** no upstream error recognised in the input.\n';
  const out: string[] = ['## updoc explain', ''];
  if (report.matches.length) {
    out.push('| signature | platform | phase | fields |', '|---|---|---|---|');
    for (const m of report.matches) {
      const fields = Object.entries(m.fields)
        .map(([k, v]) => `${k}=${escapeMarkdown(String(v))}`)
        .join(', ');
      out.push(`| \`${m.signature}\` | ${m.platform} | ${m.phase} | ${fields} |`);
    }
  } else if (report.statusOnly) out.push(`Only a status was recognised: **${report.statusOnly.title}**.`);
  out.push('', `### Likely root causes (${report.environment.id})`, '');
  report.causes.slice(0, 5).forEach((c, i) => {
    out.push(`${i + 1}. **${c.id}** (${percent(c.score)}) — ${escapeMarkdown(c.title)}: ${escapeMarkdown(c.why)}`);
  });
  if (report.checks.length) {
    out.push('', '### Next checks', '');
    for (const c of report.checks) out.push(`- \`${displayLine(c.command, 300).replace(/`/g, "'")}\` — ${escapeMarkdown(c.expect)}`);
  }
  if (report.fixes.length) {
    out.push('', '### Fix', '');
    for (const f of report.fixes) out.push(`- **${f.cause}**: ${escapeMarkdown(f.fix)}`);
  }
  out.push('');
  return out.join('\n');
}
