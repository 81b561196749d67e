import type { DiagnoseReport } from '../../diagnosis/diagnose/report.js';
import { displayLine, escapeMarkdown } from '../../inputs/text/sanitize.js';
import { percent } from '../style.js';
import { answerMark, evidenceWhere, statusLabel } from './view.js';
import { checkMarkdown, codeSegments } from '../next-check.js';

const MAX_EVIDENCE = 30;

/** For a ticket: the verdict, the fix as a diff, the reasoning, causes, evidence and next checks. */
export function renderDiagnoseMarkdown(report: DiagnoseReport): string {
  const v = report.verdict;
  // Prose escaped, backtick spans kept as code (their content cannot hold a backtick or a line break).
  const md = (text: string, cell = false) =>
    codeSegments(displayLine(text, 4000))
      .map((s) => (s.code ? `\`${cell ? s.text.replace(/\|/g, '\\|') : s.text}\`` : escapeMarkdown(s.text)))
      .join('');
  const code = (text: string) => `\`${displayLine(text, 600).replace(/`/g, "'")}\``;
  const out: string[] = [];
  out.push(`## updoc diagnose: ${statusLabel(v.status)} (confidence ${percent(v.confidence)})`, '');
  out.push(`**${md(v.headline)}**`, '');
  for (const u of report.inputs.unread) out.push(`> could not read ${md(u.name)}: ${md(u.reason)}`);
  if (report.inputs.unread.length) out.push('');

  if (report.fixes.length) {
    out.push('### Fix', '');
    for (const f of report.fixes) {
      out.push(`- **${f.cause}**${f.file ? ` in ${code(`${f.file}:${f.line}`)}` : ''}: ${md(f.description)}`);
      if (f.before && f.after) out.push('', '  ```diff', `  - ${displayLine(f.before, 400)}`, `  + ${displayLine(f.after, 400)}`, '  ```', '');
    }
    out.push('');
  }
  if (report.nextChecks.length) {
    out.push(v.status === 'problem' ? '### To confirm' : '### Next checks (most informative first)', '');
    for (const c of report.nextChecks) out.push(`- ${checkMarkdown(c, 600)} — ${md(c.why)}`);
    out.push('');
  }
  out.push('### Reasoning', '', '| | question | answer | because |', '|---|---|---|---|');
  for (const s of report.reasoning) out.push(`| ${answerMark(s.answer)} | ${md(s.question, true)} | ${s.answer} | ${md(displayLine(s.because, 400), true)} |`);
  out.push('');
  if (report.causes.length) {
    out.push('### Causes', '');
    report.causes.forEach((c, i) => {
      out.push(`${i + 1}. **${c.id}** (${percent(c.score)}) — ${md(c.title)}: ${md(c.why)} _(evidence ${c.evidence.slice(0, 8).join(', ') || 'none'})_`);
    });
    out.push('');
  }
  if (report.ruledOut.length) {
    out.push('### Ruled out', '');
    for (const r of report.ruledOut) out.push(`- **${r.id}**: ${md(r.why)}`);
    out.push('');
  }
  if (report.evidence.length) {
    out.push('### Evidence', '', '| id | source | where | strength | supports | rules out | what was seen |', '|---|---|---|---|---|---|---|');
    for (const e of report.evidence.slice(0, MAX_EVIDENCE))
      out.push(
        `| ${e.id} | ${e.source.kind} | ${md(evidenceWhere(e), true)} | ${e.strength} | ${e.supports.slice(0, 3).join(', ')} | ${e.rulesOut.join(', ')} | ${md(displayLine(e.summary, 300), true)}${e.quote ? `: ${md(`\`${displayLine(e.quote, 300).replace(/`/g, "'")}\``, true)}` : ''} |`,
      );
    if (report.evidence.length > MAX_EVIDENCE) out.push('', `… ${report.evidence.length - MAX_EVIDENCE} more (\`--json\` lists all).`);
    out.push('');
  }
  out.push('### Inputs', '');
  for (const r of report.inputs.read) out.push(`- ${r.kind}: ${code(r.name)}${r.detail ? ` — ${md(r.detail)}` : ''}`);
  for (const u of report.inputs.unread) out.push(`- ${u.kind}: ${code(u.name)} — **could not read**: ${md(u.reason)}`);
  out.push(`- environment: ${report.environment.id} (${md(report.environment.from)})`, '');
  return `${out.join('\n')}\n`;
}
