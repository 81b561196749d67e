import type { SourcePosition } from '../../core/position.js';
import type { YamlFile } from '../yaml/load-yaml.js';

/** A configuration file found by discovery (or named on the command line), already read within bounds. */
export interface ConfigFile {
  /** Path for display and positions: relative to the working directory when under it. */
  path: string;
  /** Absolute path, for resolving includes and relative references. */
  absolutePath: string;
  text: string;
}

export type ReadResult = { ok: true; file: ConfigFile } | { ok: false; message: string };

/**
 * What a platform parser gets: every discovered file (it picks its own), a cached YAML view, a bounded
 * reader for includes, and a way to report parse problems (they become `input/parse-error` findings with
 * their position, and the rest of the input is still analysed).
 */
export interface ConfigInput {
  readonly files: readonly ConfigFile[];
  /** Parsed YAML documents of a file, parsed once and shared by every platform that looks at it. */
  yaml(file: ConfigFile): YamlFile;
  /** Reads another file (an nginx/HAProxy include) with the same size and binary guards as discovery. */
  read(absolutePath: string): ReadResult;
  /** Reports a syntax or structure problem at a position; the parser then skips what it could not read. */
  problem(at: SourcePosition, message: string): void;
  /**
   * Declares that findings of `rules` (or all rules, when empty) inside a line range are suppressed:
   * used for a Kubernetes object's `updoc.dev/ignore` annotation. Comment suppressions are handled centrally.
   */
  suppress(file: string, fromLine: number, toLine: number, rules: readonly string[]): void;
}
