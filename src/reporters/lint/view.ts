import type { Finding, Fix, Severity } from '../../core/define-rule.js';
import type { SourcePosition } from '../../core/position.js';
import type { PathStep } from '../../evidence/topology/model.js';
import type { LintResult } from '../../diagnosis/lint.js';
import { displayLine } from '../../inputs/text/sanitize.js';

/** What every lint reporter shows besides the findings: counts, and how many paths the topology followed. */
export interface LintSummary {
  files: number;
  findings: number;
  error: number;
  warning: number;
  info: number;
  suppressed: number;
  paths: { resolved: number; broken: number; unknown: number };
}

export function summarise(result: LintResult): LintSummary {
  const count = (severity: Severity) => result.findings.filter((f) => f.severity === severity).length;
  const paths = { resolved: 0, broken: 0, unknown: 0 };
  for (const p of result.facts.topology.paths) paths[p.status]++;
  return {
    files: result.facts.files.length,
    findings: result.findings.length,
    error: count('error'),
    warning: count('warning'),
    info: count('info'),
    suppressed: result.suppressed.length,
    paths,
  };
}

/** Findings grouped for reading: those about one broken request path together (in the order met), then the rest by file. */
export interface FindingGroup {
  /** "nginx (nginx.conf) → api:3000 → ✗ no Compose service `api` on network `front`", or the file name. */
  title: string;
  kind: 'path' | 'file';
  findings: Finding[];
}

export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const title = finding.path && finding.path.length > 0 ? narratePath(finding.path) : finding.at.file;
    const kind = finding.path && finding.path.length > 0 ? 'path' : 'file';
    const key = `${kind}\u0000${title}`;
    const group = groups.get(key);
    if (group) group.findings.push(finding);
    else groups.set(key, { title, kind, findings: [finding] });
  }
  const list = [...groups.values()];
  return [...list.filter((g) => g.kind === 'path'), ...list.filter((g) => g.kind === 'file')];
}

/** "nginx → api:3000 → ✗ no Compose service `api` on network `front`": broken steps get ✗, unknown ones ?. */
export function narratePath(steps: readonly PathStep[]): string {
  return steps.map((s) => displayLine(markStep(s), 200)).join(' → ');
}

function markStep(step: PathStep): string {
  const text = step.text.trim();
  if (/^[✗✓?]/.test(text) || step.status === 'resolved') return text;
  return step.status === 'broken' ? `✗ ${text}` : `? ${text}`;
}

export interface FrameLine {
  number: number;
  text: string;
  /** Underline under the cited part of this line: start column (1-based, in `text`) and length. */
  mark?: { column: number; length: number };
}

const FRAME_WIDTH = 160;

/** The cited line with one line of context on each side, sanitised and cut to a readable width. */
export function codeFrame(source: string | undefined, at: SourcePosition, context = 1): FrameLine[] {
  if (source === undefined) return [];
  const lines = linesOf(source);
  // A parser may cite the end of the input: the (empty) line after the final newline.
  const last = source.endsWith('\n') ? lines.length + 1 : lines.length;
  if (at.line < 1 || at.line > last) return [];
  const frame: FrameLine[] = [];
  for (let n = Math.max(1, at.line - context); n <= Math.min(last, at.line + context); n++) {
    const raw = lines[n - 1] ?? '';
    const line: FrameLine = { number: n, text: displayLine(raw, FRAME_WIDTH) };
    if (n === at.line) {
      const lastColumn = at.endLine === at.line && at.endColumn !== undefined ? at.endColumn : raw.length + 1;
      const column = Math.min(at.column, line.text.length + 1);
      line.mark = { column, length: Math.max(1, Math.min(lastColumn, line.text.length + 1) - column) };
    }
    frame.push(line);
  }
  return frame;
}

/** The lines a fix changes, before and after (sanitised); undefined when the source is not at hand or the range is off. */
export function fixDiff(source: string | undefined, fix: Fix): { removed: string[]; added: string[] } | undefined {
  if (source === undefined) return undefined;
  const lines = linesOf(source);
  if (fix.line < 1 || fix.endLine < fix.line || fix.endLine > lines.length) return undefined;
  const before = lines.slice(fix.line - 1, fix.endLine);
  const head = before[0]!.slice(0, fix.column - 1);
  const tail = before[before.length - 1]!.slice(fix.endColumn - 1);
  const after = `${head}${fix.replacement}${tail}`.split('\n');
  return { removed: before.map((l) => displayLine(l, FRAME_WIDTH)), added: after.map((l) => displayLine(l, FRAME_WIDTH)) };
}

const splitSources = new Map<string, string[]>();

/** Reporters render one finding at a time; each source is split once. */
function linesOf(source: string): string[] {
  let lines = splitSources.get(source);
  if (!lines) {
    if (splitSources.size > 256) splitSources.clear();
    lines = source.split(/\r?\n/);
    // A final newline ends the last line; it does not start an empty one.
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    splitSources.set(source, lines);
  }
  return lines;
}

export function pluralise(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `docs/rules.md` anchor of a rule: stable, written explicitly into the generated page. */
export function ruleAnchor(ruleId: string): string {
  return ruleId.replace(/\//g, '-');
}
