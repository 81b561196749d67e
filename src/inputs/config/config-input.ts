import type { SourcePosition } from '../../core/position.js';
import type { YamlFile } from '../yaml/load-yaml.js';

/**
 * A configuration file found by discovery (or named on the command line), already read within bounds.
 * Discovery is generous (every `*.conf`, `*.cfg`, `*.yaml`, `*.json`, `*.toml` …): parsers recognise their
 * own files by name and content and silently ignore the rest.
 */
export interface ConfigFile {
  /** Path for display and positions: relative to the working directory when under it, `/`-separated. */
  path: string;
  /** Absolute path, for resolving includes and relative references. */
  absolutePath: string;
  text: string;
  /** Named on the command line (not found by walking a directory): parsers may sniff harder. */
  explicit?: boolean;
}

export type ReadResult = { ok: true; file: ConfigFile } | { ok: false; message: string };

/** Why an input could not be (fully) used. Each kind is reported by one `input/*` rule. */
export type InputProblemKind = 'parse' | 'unreadable' | 'too-large';

export interface InputProblem {
  kind: InputProblemKind;
  at: SourcePosition;
  message: string;
}

/**
 * What a platform parser gets: every discovered file (it picks its own), a cached YAML view, a bounded
 * reader for includes, and a way to report parse problems (they become `input/parse-error` findings with
 * their position, and the rest of the input is still analysed).
 */
export interface ConfigInput {
  readonly files: readonly ConfigFile[];
  /**
   * Parsed YAML documents of a file, parsed once and shared by every platform that looks at it. YAML syntax
   * problems of the file are reported once by this call (as `input/parse-error`): parsers need not repeat them.
   */
  yaml(file: ConfigFile): YamlFile;
  /** Reads another file (an nginx/HAProxy include) with the same size and binary guards as discovery. */
  read(absolutePath: string): ReadResult;
  /**
   * Reports a syntax or structure problem at a position (`parse`), or a file it refers to that could not be read
   * (`unreadable`: a missing include); the parser then skips what it could not read.
   */
  problem(at: SourcePosition, message: string, kind?: 'parse' | 'unreadable'): void;
  /**
   * Declares that findings of `rules` (or all rules, when empty) inside a line range are suppressed:
   * used for a Kubernetes object's `updoc.dev/ignore` annotation. Comment suppressions are handled centrally.
   */
  suppress(file: string, fromLine: number, toLine: number, rules: readonly string[]): void;
  /** Everything reported so far (discovery problems first, then parse problems); read by the `input/*` rules. */
  readonly problems: readonly InputProblem[];
}
