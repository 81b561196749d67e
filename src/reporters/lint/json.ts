import type { Finding } from '../../core/define-rule.js';
import type { SourcePosition } from '../../core/position.js';
import type { LintResult } from '../../diagnosis/lint.js';
import { type LintSummary, summarise } from './view.js';

/** `updoc lint --format json`: one object, stable field names (scripts depend on them). */
export interface LintJson {
  tool: 'updoc';
  command: 'lint';
  findings: FindingJson[];
  /** Findings hidden by an inline comment, the Kubernetes annotation or .updoc.yaml: to audit suppressions. */
  suppressed: (FindingJson & { suppressedBy: 'comment' | 'annotation' | 'config' })[];
  summary: LintSummary;
  notes: string[];
}

export interface FindingJson {
  rule: string;
  cause: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  fix?: { description: string; file: string; line: number; column: number; endLine: number; endColumn: number; replacement: string };
  path?: { kind: string; status: string; text: string; file?: string; line?: number; column?: number }[];
  related?: { message: string; file: string; line: number; column: number }[];
}

export function renderLintJson(result: LintResult): string {
  const json: LintJson = {
    tool: 'updoc',
    command: 'lint',
    findings: result.findings.map(findingJson),
    suppressed: result.suppressed.map((s) => ({ ...findingJson(s.finding), suppressedBy: s.by })),
    summary: summarise(result),
    notes: result.notes,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function findingJson(f: Finding): FindingJson {
  const out: FindingJson = { rule: f.rule, cause: f.cause, severity: f.severity, ...position(f.at), message: f.message };
  if (f.fix) out.fix = { ...f.fix };
  if (f.path && f.path.length > 0)
    out.path = f.path.map((s) => ({
      kind: s.kind,
      status: s.status,
      text: s.text,
      ...(s.at ? { file: s.at.file, line: s.at.line, column: s.at.column } : {}),
    }));
  if (f.related && f.related.length > 0) out.related = f.related.map((r) => ({ message: r.message, file: r.at.file, line: r.at.line, column: r.at.column }));
  return out;
}

function position(at: SourcePosition): Pick<FindingJson, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'> {
  const p: Pick<FindingJson, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'> = { file: at.file, line: at.line, column: at.column };
  if (at.endLine !== undefined) p.endLine = at.endLine;
  if (at.endColumn !== undefined) p.endColumn = at.endColumn;
  return p;
}
