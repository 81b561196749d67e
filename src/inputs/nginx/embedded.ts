import type { SourcePosition } from '../../core/position.js';
import type { NginxDirective } from './syntax.js';

/** Where a config text embedded in another file (a Kubernetes ConfigMap value) starts. */
export interface EmbeddedText {
  file: string;
  /** 1-based line of the text's first line and the column its lines start at. */
  line: number;
  column: number;
  /** Every line of the text sits at `line + i`, starting at `column` (a YAML block literal): positions map exactly. */
  exactLines: boolean;
  /** The value's position, used for everything when lines do not map exactly (a quoted YAML string). */
  at: SourcePosition;
}

/** Moves a position read from the embedded text to where it is in the enclosing file. */
export function embeddedPosition(p: SourcePosition, where: EmbeddedText): SourcePosition {
  if (!where.exactLines) return { ...where.at, file: where.file };
  const shifted: SourcePosition = { file: where.file, line: p.line + where.line - 1, column: p.column + where.column - 1 };
  if (p.endLine !== undefined && p.endColumn !== undefined) {
    shifted.endLine = p.endLine + where.line - 1;
    shifted.endColumn = p.endColumn + where.column - 1;
  }
  return shifted;
}

export function shiftDirectives(list: NginxDirective[], where: EmbeddedText): void {
  for (const d of list) {
    d.at = embeddedPosition(d.at, where);
    if (d.blockEnd) d.blockEnd = embeddedPosition(d.blockEnd, where);
    for (const a of d.args) a.at = embeddedPosition(a.at, where);
    if (d.block) shiftDirectives(d.block, where);
  }
}
