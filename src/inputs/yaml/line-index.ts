import type { SourcePosition } from '../../core/position.js';

/**
 * Offsets → 1-based line and column (UTF-16 code units, as editors and the yaml library count them). Line starts
 * are found once per file; each conversion is a binary search, so positions cost nothing until someone asks.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    const text = this.text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
    return starts;
  }

  /** 0-based index of the line holding `offset`. */
  private lineIndex(offset: number): number {
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  lineOf(offset: number): number {
    return this.lineIndex(Math.max(0, offset)) + 1;
  }

  lineColumn(offset: number): { line: number; column: number } {
    const at = Math.max(0, offset);
    const i = this.lineIndex(at);
    return { line: i + 1, column: at - this.lineStarts()[i]! + 1 };
  }

  /** The position of `start`, with an end when the range is not empty. */
  position(start: number, end?: number): SourcePosition {
    const starts = this.lineStarts();
    const at = Math.max(0, start);
    const i = this.lineIndex(at);
    const pos: SourcePosition = { file: this.file, line: i + 1, column: at - starts[i]! + 1 };
    if (end !== undefined && end > start) {
      // Most ranges end on their first line or the next: no second search for those.
      const j = end < (starts[i + 1] ?? Number.POSITIVE_INFINITY) ? i : end < (starts[i + 2] ?? Number.POSITIVE_INFINITY) ? i + 1 : this.lineIndex(end);
      pos.endLine = j + 1;
      pos.endColumn = end - starts[j]! + 1;
    }
    return pos;
  }

  /** Offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    return (this.lineStarts()[line - 1] ?? this.text.length) + column - 1;
  }
}
