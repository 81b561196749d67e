import type { Finding } from '../../core/define-rule.js';
import type { LintResult } from '../../diagnosis/lint.js';
import { escapeMarkdown } from '../../inputs/text/sanitize.js';
import { codeFrame, fixDiff, groupFindings, pluralise, ruleAnchor, summarise } from './view.js';

/** `updoc lint --format markdown`: for pull-request comments and CI summaries. */
export function renderLintMarkdown(result: LintResult, options: { rulesDocLink?: string } = {}): string {
  const docs = options.rulesDocLink ?? 'docs/rules.md';
  const s = summarise(result);
  const out: string[] = ['# updoc lint', ''];
  const followed = s.paths.resolved + s.paths.broken + s.paths.unknown;
  const facts = [`${pluralise(s.files, 'file')} read`];
  if (followed > 0)
    facts.push(`${pluralise(followed, 'proxy→backend path')} followed (${s.paths.resolved} resolved, ${s.paths.broken} broken, ${s.paths.unknown} unknown)`);
  if (s.suppressed > 0) facts.push(`${s.suppressed} suppressed`);
  if (s.findings === 0) out.push(`**✓ No problems.** ${facts.join(' · ')}`, '');
  else {
    const parts = [s.error && pluralise(s.error, 'error'), s.warning && pluralise(s.warning, 'warning'), s.info && `${s.info} info`].filter(Boolean).join(', ');
    out.push(`**${s.error > 0 ? '✗' : '!'} ${pluralise(s.findings, 'problem')}** (${parts}) · ${facts.join(' · ')}`, '');
  }
  for (const group of groupFindings(result.findings)) {
    out.push(`## ${escapeMarkdown(group.title)}`, '');
    for (const finding of group.findings) out.push(...renderFinding(finding, result, docs));
  }
  if (result.notes.length > 0) {
    out.push('## Notes', '');
    for (const note of result.notes) out.push(`- ${escapeMarkdown(note)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function renderFinding(finding: Finding, result: LintResult, docs: string): string[] {
  const out: string[] = [];
  const where = `${finding.at.file}:${finding.at.line}:${finding.at.column}`;
  out.push(`### ${finding.severity}: ${escapeMarkdown(finding.message)}`, '');
  out.push(`[\`${finding.rule}\`](${docs}#${ruleAnchor(finding.rule)}) · cause \`${finding.cause}\` · ${escapeMarkdown(where)}`, '');
  const frame = codeFrame(result.sources.get(finding.at.file), finding.at);
  if (frame.length > 0) {
    const width = String(frame[frame.length - 1]!.number).length;
    out.push(
      ...fenced(
        'text',
        frame.map((l) => `${l.mark ? '>' : ' '} ${String(l.number).padStart(width)} | ${l.text}`),
      ),
      '',
    );
  }
  for (const related of finding.related ?? []) out.push(`- see ${escapeMarkdown(`${related.at.file}:${related.at.line}`)}: ${escapeMarkdown(related.message)}`);
  if (finding.related?.length) out.push('');
  if (finding.fix) {
    out.push(`**Fix:** ${escapeMarkdown(finding.fix.description)}`, '');
    const diff = fixDiff(result.sources.get(finding.fix.file), finding.fix);
    out.push(...fenced('diff', diff ? [...diff.removed.map((l) => `- ${l}`), ...diff.added.map((l) => `+ ${l}`)] : [`+ ${finding.fix.replacement}`]), '');
  }
  return out;
}

/** A fenced block whose fence is longer than any backtick run inside, so input text cannot close it. */
function fenced(language: string, lines: string[]): string[] {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${language}`, ...lines, fence];
}
