import type { Fix } from '../../core/define-rule.js';
import { isMap } from 'yaml';
import type { SourcePosition } from '../../core/position.js';
import type { KubeObject, YamlPath } from './model.js';

/** Replaces a whole value (its position must carry an end). */
export function replaceFix(at: SourcePosition, replacement: string, description: string): Fix | undefined {
  if (at.endLine === undefined || at.endColumn === undefined) return undefined;
  return { description, file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, replacement };
}

/** Deletes the line a value is on (a `key: value` line of a map). */
export function deleteLineFix(at: SourcePosition, description: string): Fix {
  return { description, file: at.file, line: at.line, column: 1, endLine: at.line + 1, endColumn: 1, replacement: '' };
}

/**
 * Adds `key: value` (`entry`) to the map that holds the entry at `path` of a manifest object, right after that entry:
 * on a line of its own below it (block style), or as one more `, key: value` of a flow map (`labels: {app: web}`,
 * `ports: [{name: http, port: 80}]`), where a new line would break the YAML. Undefined when the entry's value spans
 * lines (no safe place to add after it).
 */
export function addSiblingFix(object: KubeObject, path: YamlPath, entry: string, description: string): Fix | undefined {
  const keyAt = object.keyPos(path);
  const valueAt = object.pos(path);
  if (valueAt.endLine === undefined || valueAt.endColumn === undefined || valueAt.endLine !== keyAt.line) return undefined;
  const parent = object.doc.document.getIn([...object.base, ...path.slice(0, -1)], true);
  const flow = isMap(parent) && parent.flow === true;
  return {
    description,
    file: keyAt.file,
    line: valueAt.endLine,
    column: valueAt.endColumn,
    endLine: valueAt.endLine,
    endColumn: valueAt.endColumn,
    replacement: flow ? `, ${entry}` : `\n${' '.repeat(keyAt.column - 1)}${entry}`,
  };
}

/** A YAML scalar for a string: plain when safe, double-quoted otherwise (labels such as "true" or "8080" stay strings). */
export function yamlString(value: string): string {
  return /^[A-Za-z_][\w./-]*$/.test(value) && !/^(?:true|false|yes|no|on|off|null|~)$/i.test(value) ? value : JSON.stringify(value);
}
