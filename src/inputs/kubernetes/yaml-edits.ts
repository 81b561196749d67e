import type { Fix } from '../../core/define-rule.js';
import type { SourcePosition } from '../../core/position.js';

/** Replaces a whole value (its position must carry an end). */
export function replaceFix(at: SourcePosition, replacement: string, description: string): Fix | undefined {
  if (at.endLine === undefined || at.endColumn === undefined) return undefined;
  return { description, file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, replacement };
}

/** Deletes the line a value is on (a `key: value` line of a map). */
export function deleteLineFix(at: SourcePosition, description: string): Fix {
  return { description, file: at.file, line: at.line, column: 1, endLine: at.line + 1, endColumn: 1, replacement: '' };
}

/** Adds `key: value` as a sibling line below the map entry whose key starts at `keyAt`. */
export function addSiblingFix(keyAt: SourcePosition, valueAt: SourcePosition, line: string, description: string): Fix | undefined {
  if (valueAt.endLine === undefined || valueAt.endColumn === undefined || valueAt.endLine !== keyAt.line) return undefined;
  const indent = ' '.repeat(keyAt.column - 1);
  return {
    description,
    file: keyAt.file,
    line: valueAt.endLine,
    column: valueAt.endColumn,
    endLine: valueAt.endLine,
    endColumn: valueAt.endColumn,
    replacement: `\n${indent}${line}`,
  };
}

/** A YAML scalar for a string: plain when safe, double-quoted otherwise (labels such as "true" or "8080" stay strings). */
export function yamlString(value: string): string {
  return /^[A-Za-z_][\w./-]*$/.test(value) && !/^(?:true|false|yes|no|on|off|null|~)$/i.test(value) ? value : JSON.stringify(value);
}
