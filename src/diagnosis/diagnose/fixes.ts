import type { Finding } from '../../core/define-rule.js';
import type { CauseId, Environment } from '../../core/ids.js';
import type { LintResult } from '../lint.js';
import { fixesFor, type Placeholders } from '../next-steps.js';
import type { DiagnoseFix } from './report.js';

/**
 * Fixes for the leading causes: the concrete change a lint rule computed (file, line, the line before and after),
 * else the rule's remediation, else the taxonomy's advice for the environment with the known names filled in.
 */
export function lintFix(finding: Finding, lint: LintResult): DiagnoseFix {
  const rule = lint.rules.find((r) => r.id === finding.rule);
  const fix = finding.fix;
  if (!fix) {
    return {
      cause: finding.cause,
      description: rule?.docs.remediation ?? finding.message,
      source: 'lint',
      rule: finding.rule,
      file: finding.at.file,
      line: finding.at.line,
      column: finding.at.column,
    };
  }
  const out: DiagnoseFix = {
    cause: finding.cause,
    description: fix.description,
    source: 'lint',
    rule: finding.rule,
    file: fix.file,
    line: fix.line,
    column: fix.column,
    replacement: fix.replacement,
  };
  const text = lint.sources.get(fix.file);
  // A change within one line is shown as that line before and after; longer ones keep their description.
  if (text !== undefined && fix.line === fix.endLine) {
    const line = text.split('\n')[fix.line - 1];
    if (line !== undefined && fix.endColumn - 1 <= line.length) {
      const after = line.slice(0, fix.column - 1) + fix.replacement + line.slice(fix.endColumn - 1);
      if (!after.includes('\n') && after.trim() !== line.trim()) {
        out.before = line.trim();
        out.after = after.trim();
      }
    }
  }
  return out;
}

export function fixesForCauses(
  causes: readonly CauseId[],
  findings: readonly Finding[],
  lint: LintResult | undefined,
  environment: Environment,
  values: Placeholders,
): DiagnoseFix[] {
  const out: DiagnoseFix[] = [];
  for (const cause of causes) {
    const ofCause = lint ? findings.filter((f) => f.cause === cause) : [];
    if (lint && ofCause.length) {
      const withFix = [...ofCause].sort((a, b) => Number(Boolean(b.fix)) - Number(Boolean(a.fix)));
      for (const f of withFix.slice(0, 3)) out.push(lintFix(f, lint));
      continue;
    }
    for (const f of fixesFor([cause], environment, values)) out.push({ cause, description: f.fix, source: 'knowledge' });
  }
  return out;
}
