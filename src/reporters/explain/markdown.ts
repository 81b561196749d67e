import type { ExplainReport } from '../../diagnosis/explain.js';
import { verdictMarkdown } from '../verdict-markdown.js';
import { escapeMarkdown } from '../../inputs/text/sanitize.js';

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
  out.push(...verdictMarkdown(report));
  return out.join('\n');
}
