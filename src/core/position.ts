/** A place in an input file. Lines and columns are 1-based, as editors and SARIF count them. */
export interface SourcePosition {
  /** Path as given or discovered (relative to the working directory when under it). */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** A value together with where it was written. Parsers keep one for every value a rule may cite. */
export interface Located<T> {
  value: T;
  at: SourcePosition;
}

export function located<T>(value: T, at: SourcePosition): Located<T> {
  return { value, at };
}

export function formatPosition(at: SourcePosition): string {
  return `${at.file}:${at.line}:${at.column}`;
}
