import type { Fix } from '../core/define-rule.js';
import type { SourcePosition } from '../core/position.js';
import type { LintFacts } from '../evidence/lint-facts.js';

/**
 * Replaces a value where it is written, keeping its quotes: a YAML/JSON scalar's range includes them, and a JSON
 * file must stay JSON (`"localhost"` → `"api"`, not `api`).
 */
export function replaceValue(facts: LintFacts, at: SourcePosition, replacement: string, description: string): Fix | undefined {
  if (at.endLine === undefined || at.endColumn === undefined) return undefined;
  const written = textAt(facts, at);
  const quote = written !== undefined && /^(["']).*\1$/s.test(written) ? written[0]! : '';
  return {
    description,
    file: at.file,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
    replacement: `${quote}${replacement}${quote}`,
  };
}

const lineCache = new WeakMap<LintFacts, Map<string, string[]>>();

/** The lines of an input file (split once per lint run), or undefined when it is not part of the input. */
export function linesOf(facts: LintFacts, file: string): string[] | undefined {
  let byFile = lineCache.get(facts);
  if (!byFile) {
    byFile = new Map();
    lineCache.set(facts, byFile);
  }
  let lines = byFile.get(file);
  if (!lines) {
    const text = facts.files.find((f) => f.path === file)?.text;
    if (text === undefined) return undefined;
    lines = text.split('\n');
    byFile.set(file, lines);
  }
  return lines;
}

/** The text a position spans (single or multiple lines), when the file is part of the input. */
export function textAt(facts: LintFacts, at: SourcePosition): string | undefined {
  const lines = linesOf(facts, at.file);
  if (lines === undefined || at.endLine === undefined || at.endColumn === undefined) return undefined;
  if (at.line === at.endLine) return lines[at.line - 1]?.slice(at.column - 1, at.endColumn - 1);
  const parts = [lines[at.line - 1]?.slice(at.column - 1) ?? ''];
  for (let l = at.line + 1; l < at.endLine; l++) parts.push(lines[l - 1] ?? '');
  parts.push(lines[at.endLine - 1]?.slice(0, at.endColumn - 1) ?? '');
  return parts.join('\n');
}
