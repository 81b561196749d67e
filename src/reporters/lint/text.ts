import type { Finding, Severity } from '../../core/define-rule.js';
import type { LintResult } from '../../diagnosis/lint.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import type { Style } from '../style.js';
import { codeFrame, fixDiff, groupFindings, pluralise, summarise } from './view.js';

/**
 * Human output: findings grouped by the broken request path they are about ("nginx (nginx.conf) → api:3000 →
 * ✗ no Compose service `api` on network `front`"), then by file; each with a code frame and its fix as a diff.
 */
export function renderLintText(result: LintResult, style: Style): string {
  const out: string[] = [];
  for (const group of groupFindings(result.findings)) {
    out.push(style.bold(group.kind === 'path' ? group.title : displayLine(group.title, 200)));
    for (const finding of group.findings) out.push(...renderFinding(finding, result, style), '');
  }
  out.push(...summaryLines(result, style));
  return `${out.join('\n')}\n`;
}

function renderFinding(finding: Finding, result: LintResult, style: Style): string[] {
  const lines: string[] = [];
  const where = `${displayLine(finding.at.file, 200)}:${finding.at.line}:${finding.at.column}`;
  lines.push(`  ${severityLabel(finding.severity, style)} ${displayLine(finding.message, 600)}`);
  lines.push(`    ${style.dim(`${finding.rule} · ${finding.cause} · ${where}`)}`);
  const frame = codeFrame(result.sources.get(finding.at.file), finding.at);
  if (frame.length > 0) {
    const width = String(frame[frame.length - 1]!.number).length;
    for (const line of frame) {
      const gutter = `${line.mark ? '>' : ' '} ${String(line.number).padStart(width)} | `;
      lines.push(`    ${line.mark ? style.bold(gutter) : style.dim(gutter)}${line.text}`);
      if (line.mark)
        lines.push(
          `    ${' '.repeat(gutter.length - 2)}${style.dim('|')} ${' '.repeat(line.mark.column - 1)}${colourFor(finding.severity, style)('^'.repeat(line.mark.length))}`,
        );
    }
  }
  for (const related of finding.related ?? []) {
    lines.push(`    ${style.dim('see')} ${displayLine(related.at.file, 200)}:${related.at.line}:${related.at.column} ${displayLine(related.message, 300)}`);
  }
  if (finding.fix) {
    lines.push(
      `    ${style.green('fix:')} ${displayLine(finding.fix.description, 300)}${finding.fix.file !== finding.at.file ? ` (${displayLine(finding.fix.file, 200)}:${finding.fix.line})` : ''}`,
    );
    const diff = fixDiff(result.sources.get(finding.fix.file), finding.fix);
    if (diff) {
      for (const l of diff.removed) lines.push(`      ${style.red(`- ${l}`)}`);
      for (const l of diff.added) lines.push(`      ${style.green(`+ ${l}`)}`);
    } else lines.push(`      ${style.green(`+ ${displayLine(finding.fix.replacement, 300)}`)}`);
  }
  return lines;
}

function summaryLines(result: LintResult, style: Style): string[] {
  const s = summarise(result);
  const lines: string[] = [];
  for (const note of result.notes) lines.push(style.dim(`note: ${displayLine(note, 300)}`));
  const followed = s.paths.resolved + s.paths.broken + s.paths.unknown;
  const pathText =
    followed > 0
      ? `; ${pluralise(followed, 'proxy→backend path')} followed (${s.paths.resolved} resolved, ${s.paths.broken} broken, ${s.paths.unknown} unknown)`
      : '';
  const suppressed = s.suppressed > 0 ? `; ${s.suppressed} suppressed` : '';
  if (s.findings === 0) {
    lines.push(style.green(`✓ no problems in ${pluralise(s.files, 'file')}${pathText}${suppressed}`));
  } else {
    const parts = [s.error && pluralise(s.error, 'error'), s.warning && pluralise(s.warning, 'warning'), s.info && `${s.info} info`].filter(Boolean).join(', ');
    lines.push(
      style.bold(
        `${s.error > 0 ? style.red('✗') : style.yellow('!')} ${pluralise(s.findings, 'problem')} (${parts}) in ${pluralise(s.files, 'file')}${pathText}${suppressed}`,
      ),
    );
  }
  return lines;
}

function severityLabel(severity: Severity, style: Style): string {
  return colourFor(severity, style)(severity.padEnd(7));
}

function colourFor(severity: Severity, style: Style): (s: string) => string {
  return severity === 'error' ? style.red : severity === 'warning' ? style.yellow : style.cyan;
}
