import type { DiagnoseReport } from '../../diagnosis/diagnose/report.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { percent, type Style, wrapText } from '../style.js';
import { answerMark, evidenceWhere, statusLabel } from './view.js';
import { checkTextLine } from '../next-check.js';

const WIDTH = 100;
const MAX_EVIDENCE = 20;

/** The terminal report: the verdict first, then the fix, the reasoning, the causes with their evidence, the next checks. */
export function renderDiagnoseText(report: DiagnoseReport, style: Style): string {
  const v = report.verdict;
  const out: string[] = [];
  const mark = v.status === 'problem' ? style.red('✗') : v.status === 'no-problem' ? style.green('✓') : style.yellow('?');
  out.push(`${mark} ${style.bold(statusLabel(v.status))}  (confidence ${percent(v.confidence)})`);
  out.push(wrapText(displayLine(v.headline, 2000), WIDTH, '  '));
  if (report.inputs.unread.length) {
    out.push('');
    for (const u of report.inputs.unread) out.push(style.yellow(`  could not read ${displayLine(u.name, 200)}: ${displayLine(u.reason, 300)}`));
  }

  if (report.fixes.length) {
    out.push('', style.bold('Fix'));
    for (const f of report.fixes) {
      const where = f.file ? `${displayLine(f.file, 200)}:${f.line}  ` : '';
      out.push(`  ${style.cyan(f.cause)}  ${where}${wrapText(displayLine(f.description, 600), WIDTH - 4, '    ').trimStart()}`);
      if (f.before && f.after) {
        out.push(style.red(`    - ${displayLine(f.before, 300)}`));
        out.push(style.green(`    + ${displayLine(f.after, 300)}`));
      }
    }
  }

  if (report.nextChecks.length) {
    out.push('', style.bold(v.status === 'problem' ? 'To confirm' : 'Next checks (most informative first)'));
    for (const c of report.nextChecks) {
      out.push(checkTextLine(c, style, 600));
      out.push(style.dim(wrapText(displayLine(c.why, 600), WIDTH - 6, '      ')));
    }
  }

  out.push('', style.bold('Reasoning'));
  for (const step of report.reasoning) {
    out.push(`  ${answerMark(step.answer)} ${step.question} ${style.bold(step.answer)}`);
    out.push(style.dim(wrapText(displayLine(step.because, 500), WIDTH - 6, '      ')));
  }

  if (report.causes.length) {
    out.push('', style.bold('Causes'));
    report.causes.forEach((c, i) => {
      out.push(`  ${i + 1}. ${style.bold(c.id.padEnd(22))} ${percent(c.score).padStart(4)}  ${displayLine(c.title, 200)}`);
      out.push(style.dim(wrapText(displayLine(c.why, 800), WIDTH - 7, '       ')));
      if (c.evidence.length) out.push(style.dim(`       evidence: ${c.evidence.slice(0, 8).join(', ')}`));
    });
  }
  if (report.ruledOut.length) {
    out.push('', style.bold('Ruled out'));
    for (const r of report.ruledOut) out.push(`  ${r.id}: ${style.dim(displayLine(r.why, 400))}`);
  }

  if (report.evidence.length) {
    out.push('', style.bold('Evidence'));
    for (const e of report.evidence.slice(0, MAX_EVIDENCE)) {
      const tags = [
        e.supports.length ? `supports ${e.supports.slice(0, 3).join(', ')}` : '',
        e.rulesOut.length ? `rules out ${e.rulesOut.join(', ')}` : '',
      ].filter(Boolean);
      out.push(
        `  ${e.id.padEnd(4)} ${e.source.kind.padEnd(11)} ${displayLine(evidenceWhere(e), 160)}  ${style.dim(`strength ${e.strength}${tags.length ? `; ${tags.join('; ')}` : ''}`)}`,
      );
      out.push(wrapText(displayLine(e.summary, 600), WIDTH - 7, '       '));
      if (e.quote) out.push(style.dim(`       │ ${displayLine(e.quote, 240)}`));
    }
    if (report.evidence.length > MAX_EVIDENCE) out.push(style.dim(`  … ${report.evidence.length - MAX_EVIDENCE} more (--json lists all)`));
  }

  out.push('', style.bold('Inputs'));
  for (const r of report.inputs.read)
    out.push(`  ${r.kind.padEnd(9)} ${displayLine(r.name, 200)}${r.detail ? style.dim(`  ${displayLine(r.detail, 200)}`) : ''}`);
  for (const u of report.inputs.unread)
    out.push(style.yellow(`  ${u.kind.padEnd(9)} ${displayLine(u.name, 200)}  could not read: ${displayLine(u.reason, 300)}`));
  for (const n of report.inputs.notes) out.push(style.dim(`  note: ${displayLine(n, 300)}`));
  out.push(style.dim(`  environment: ${report.environment.id} (${displayLine(report.environment.from, 200)}); ${report.ms} ms`));
  return `${out.join('\n')}\n`;
}
