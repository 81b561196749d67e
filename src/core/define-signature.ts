import type { CauseId, Fields, Phase, SignaturePlatform } from './ids.js';

/** How the wording of a signature was established. */
export type Evidence =
  | 'src' // read in the platform's source code
  | 'doc' // read in the platform's documentation
  | 'kb' // known behaviour, not re-read from the primary source
  | 'verified'; // reproduced here: we ran the platform and read what it printed

export interface SignatureDeclaration {
  /** Stable public id, `<platform>/<what-happened>` in kebab-case. Never renamed. */
  id: string;
  /** The catalog entry this implements (shared/reference/error-signatures.md), e.g. `NGX-01`. */
  catalog: string;
  platform: SignaturePlatform;
  /** Short human title, e.g. "connect() refused while connecting to upstream". */
  title: string;
  /**
   * Lower-case literal substrings; a text can only match if it contains at least one of them.
   * This is the cheap prefilter that runs before the regex (log scanning relies on it).
   */
  keywords: readonly string[];
  /**
   * Anchored on the platform's distinctive literal wording (not on `^`/`$`: lines carry prefixes).
   * Named groups fill {@link Fields}; `host_2` fills `host` (Node 20 cannot repeat a group name).
   */
  pattern: RegExp;
  /**
   * Cheap necessary conditions of `pattern`: every text it matches, each of these matches too (checked on every
   * example and near miss by test/signature-requires.test.ts). Tested before `pattern`, so a text that misses one
   * never pays for the pattern's failure (e.g. windows that look hundreds of characters both ways). Build them
   * from the same pieces as `pattern`; no `g`/`y` flags.
   */
  requires?: readonly RegExp[];
  phase: Phase;
  /** HTTP status the proxy returns to its client; null when not applicable or the response was cut. */
  status: number | readonly number[] | null;
  /** Plain-language meaning: what happened on the wire, one to three sentences. */
  meaning: string;
  /** Root causes with weights (relative likelihood given only this signature), most likely first. */
  causes: Partial<Record<CauseId, number>>;
  /** Next checks specific to this signature (commands may use {host}, {port}, {upstream}, … placeholders). */
  checks: readonly string[];
  fix: string;
  /** Link to the source the wording was taken from. */
  source: string;
  evidence: Evidence;
  /** Constant fields this signature implies (e.g. `{ errno: '111' }`), merged under the captured ones. */
  fields?: Fields;
  /**
   * A catch-all that more specific signatures refine (e.g. any `$upstream_status` 502/504, where the
   * timing fields can tell connect from read failures): it ranks after every specific match.
   */
  generic?: boolean;
  /**
   * A request log's record of a failure that the error log describes in its own words (nginx writes one line in
   * each for the same request): with that description among the same logs, it adds little evidence of its own.
   */
  restatesErrorLog?: boolean;
}

export interface Signature extends SignatureDeclaration {
  readonly keywords: readonly string[];
}

/**
 * The one way to declare a signature. Keeps declarations as plain data; completeness is enforced by
 * the meta-test (test/knowledge-meta.test.ts), not at start-up, so loading 300 of them stays cheap.
 */
export function defineSignature(declaration: SignatureDeclaration): Signature {
  return declaration;
}
