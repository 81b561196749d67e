import type { Signature } from '../../core/define-signature.js';
import { alternation, anchorPattern, chooseAnchors } from './anchor-cover.js';
import type { EventMarker } from './event-markers.js';
import { type LiteralChecks, newLiteralChecks, type SignatureMatcher, signatureMatcher } from '../../evidence/match-signatures.js';
import { bySharpness } from '../../evidence/signature-sharpness.js';
import type { ScanPlan, ScanProgram } from './wasm-scanner.js';

/** A prefilter's choices, as sent to the threads that scan other pieces of a file (plain data). */
export interface PrefilterChoice {
  ignored: string[];
  /** Absent when not asked for and not chosen (a request log: its engine plan has none). */
  anchors?: string[];
}

/** What a keyword leads to: the signatures it prefilters and the event markers it names. */
export interface KeywordTargets {
  readonly signatures: readonly Signature[];
  /** The signatures' matchers, in the same order. */
  readonly matchers: readonly SignatureMatcher[];
  /** Literal-check statistics of each signature on lines with these keywords, in the same order. */
  readonly checks: readonly LiteralChecks[];
  readonly markers: readonly EventMarker[];
}

/**
 * The chunk prefilter of a file: anchors (every keyword contains one) chosen to be rare in its
 * first lines, for the WebAssembly scanner, and a RegExp of anchors for the JavaScript path.
 */
export class Prefilter {
  private regex: RegExp | null = null;
  private simdAnchors: readonly string[] | null;
  private readonly plans = new Map<string, ScanPlan>();
  private readonly found: number[] = [];

  constructor(
    private readonly index: KeywordIndex,
    /** Ids of the keywords the anchors cover (the others are present on most lines of the file). */
    private readonly covered: readonly number[],
    /** Lower-cased latin1 sample of the file. */
    private readonly sample: string,
    /** The keywords left out of `covered` (what `choice` hands to the threads scanning other pieces). */
    private readonly ignored: readonly string[] = [],
    /** SIMD anchors already chosen for this sample and these keywords (by another thread). */
    anchors: readonly string[] | null = null,
  ) {
    this.simdAnchors = anchors;
  }

  /** Anchors for the SIMD search (rare fingerprints; their number matters little). */
  get anchors(): readonly string[] {
    this.simdAnchors ??= chooseAnchors(this.coveredViews(), this.sample, 'simd');
    return this.simdAnchors;
  }

  /**
   * What was chosen from the file's sample: the keywords left out and the SIMD anchors. Threads that
   * scan other pieces of the same file get it instead of choosing again from the same sample (which
   * gives the same answer: 30-100 ms of CPU per thread on the Envoy format's thousand keywords). `withAnchors`
   * false leaves them out when they were not chosen (a request log's engine plan has none: see `plan`).
   */
  choice(withAnchors = true): PrefilterChoice {
    if (withAnchors) return { ignored: [...this.ignored], anchors: [...this.anchors] };
    return this.simdAnchors ? { ignored: [...this.ignored], anchors: [...this.simdAnchors] } : { ignored: [...this.ignored] };
  }

  /**
   * One case-insensitive alternation for the JavaScript path: few anchors of the covered keywords, and the keywords
   * left out of them (a request log's lines that are not request records are read whatever keyword they hold, as the
   * engine reads them: see `ScanPlan.program`). Shared: copy before exec.
   */
  get pattern(): RegExp {
    this.regex ??= anchorPattern([...chooseAnchors(this.coveredViews(), this.sample, 'regex'), ...this.ignored.map(latin1View)]);
    return this.regex;
  }

  private coveredViews(): string[] {
    return this.covered.map((id) => latin1View(this.index.keywords[id]));
  }

  /**
   * What the WebAssembly scanner is given for a file of this format (the program of its request-log layout, if any).
   * A request log's plan has no anchors: its lines that are not request records are few and handed over by keyword
   * (see `ScanPlan.program`), so choosing anchors (10-35 ms) would buy nothing.
   */
  plan(program: ScanProgram | null): ScanPlan {
    const key = program ? JSON.stringify(program) : '';
    let plan = this.plans.get(key);
    if (!plan) {
      plan = { anchors: program ? [] : this.anchors, keywords: this.index.keywords, program };
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** The signatures and markers of an ASCII line's keywords, given their ids as the scanner found them (`ids[start, start + count)`). */
  targetsOfFound(ids: Int32Array, start: number, count: number): KeywordTargets {
    // Failing lines come in a few kinds, each with its own keywords: the targets of the last few
    // keyword lists are kept, looked up by a hash of the ids and compared id by id.
    let hash = count;
    for (let i = start; i < start + count; i++) hash = (Math.imul(hash, 0x9e3779b1) ^ ids[i]) >>> 0;
    const slot = hash & (RECENT_TARGETS - 1);
    const recent = this.recent[slot];
    if (recent && recent.hash === hash && recent.ids.length === count) {
      let same = true;
      for (let i = 0; i < count && same; i++) same = ids[start + i] === recent.ids[i];
      if (same) return recent.targets;
    }
    const found = this.found;
    found.length = 0;
    for (let i = start; i < start + count; i++) found.push(ids[i]);
    const targets = this.index.targetsOfIds(found);
    this.recent[slot] = { hash, ids: found.slice(), targets };
    return targets;
  }

  private readonly recent: ({ hash: number; ids: number[]; targets: KeywordTargets } | undefined)[] = new Array(RECENT_TARGETS);
}

/** Keyword lists whose targets a prefilter keeps at hand (a power of two). */
const RECENT_TARGETS = 64;

/**
 * Keywords of the signatures and event markers that can occur in one log format, and the two
 * searches built on them: the chunk prefilter (a RegExp over anchors, run on whole chunks decoded
 * as latin1) and the line locator (which keywords a candidate line really contains).
 */
export class KeywordIndex {
  /** Sharpest first, so that the first signature to match a line is its primary one. */
  readonly signatures: readonly Signature[];
  private readonly targets = new Map<string, { signatures: Signature[]; markers: EventMarker[] }>();
  private readonly rank = new Map<Signature, number>();
  private readonly words: string[];
  /** The line locator: every keyword in one alternation (V8 compiles it to native code); built on first use. */
  private locatorRegex: RegExp | null = null;
  /** Keywords that extend a shorter one (the alternation reports the shortest at a position). */
  private readonly extensions = new Map<string, string[]>();
  /** `targetsOfIds` results by keyword-id list. */
  private readonly byIds = new Map<string, KeywordTargets>();

  constructor(signatures: readonly Signature[], markers: readonly EventMarker[]) {
    this.signatures = bySharpness(signatures);
    this.signatures.forEach((signature, i) => {
      this.rank.set(signature, i);
      for (const k of signature.keywords) this.entry(k).signatures.push(signature);
    });
    for (const marker of markers) this.entry(marker.keyword).markers.push(marker);
    this.words = [...this.targets.keys()];
    // The keywords a keyword is a prefix of follow it in sorted order; kept in `words` order.
    const order = new Map(this.words.map((w, i) => [w, i]));
    const sorted = [...this.words].sort();
    sorted.forEach((word, i) => {
      const longer: string[] = [];
      for (let j = i + 1; j < sorted.length && sorted[j].startsWith(word); j++) longer.push(sorted[j]);
      if (longer.length)
        this.extensions.set(
          word,
          longer.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
        );
    });
  }

  private get locator(): RegExp {
    this.locatorRegex ??= new RegExp(alternation(this.words), 'g');
    return this.locatorRegex;
  }

  get keywords(): string[] {
    return this.words;
  }

  private entry(keyword: string): { signatures: Signature[]; markers: EventMarker[] } {
    const k = keyword.toLowerCase();
    let t = this.targets.get(k);
    if (!t) {
      t = { signatures: [], markers: [] };
      this.targets.set(k, t);
    }
    return t;
  }

  /**
   * The chunk prefilter for a file: anchors chosen to be rare in `sample` (its first lines). Keywords
   * in `ignore` are left out: access-log field names present on every line, whose lines are judged
   * by the access-log parser instead.
   */
  prefilter(sample: string, ignore: ReadonlySet<string> = new Set()): Prefilter {
    return this.prefilterOf(sample, ignore, null);
  }

  /** The prefilter another thread chose from the same sample (see {@link Prefilter.choice}). */
  chosenPrefilter(sample: string, choice: PrefilterChoice): Prefilter {
    return this.prefilterOf(sample, new Set(choice.ignored), choice.anchors ?? null);
  }

  private prefilterOf(sample: string, ignore: ReadonlySet<string>, anchors: readonly string[] | null): Prefilter {
    const covered: number[] = [];
    const ignored: string[] = [];
    for (let id = 0; id < this.words.length; id++) {
      if (ignore.has(this.words[id])) ignored.push(this.words[id]);
      else covered.push(id);
    }
    return new Prefilter(this, covered, latin1View(sample.toLowerCase()), ignored, anchors);
  }

  /** The chunk prefilter as one RegExp (see {@link prefilter}). */
  chunkPattern(sample: string, ignore: ReadonlySet<string> = new Set()): RegExp {
    return this.prefilter(sample, ignore).pattern;
  }

  /** Signatures (sharpest first) and markers of the keywords with the given ids (indexes in `keywords`, ascending). */
  targetsOfIds(ids: readonly number[]): KeywordTargets {
    let key = '';
    for (let i = 0; i < ids.length; i++) key += String.fromCharCode(ids[i]);
    let targets = this.byIds.get(key);
    if (!targets) {
      const signatures: Signature[] = [];
      const markers: EventMarker[] = [];
      for (const id of ids) {
        const t = this.targets.get(this.words[id]) as { signatures: Signature[]; markers: EventMarker[] };
        for (const sig of t.signatures) if (!signatures.includes(sig)) signatures.push(sig);
        for (const m of t.markers) if (!markers.includes(m)) markers.push(m);
      }
      if (signatures.length > 1) signatures.sort((a, b) => (this.rank.get(a) ?? 0) - (this.rank.get(b) ?? 0));
      // Literal-check statistics per keyword list (a kind of line): these targets are kept and reused for every line
      // with the same keywords, and one signature's check may always pass on one kind and always reject on another;
      // shared statistics would skip it where it spares the regex (see LiteralChecks).
      targets = { signatures, matchers: signatures.map(signatureMatcher), checks: signatures.map(newLiteralChecks), markers };
      if (this.byIds.size >= 4096) this.byIds.clear();
      this.byIds.set(key, targets);
    }
    return targets;
  }

  /** Keywords occurring in at least `share` of the sample lines: useless as a filter for this file. */
  ubiquitous(sampleLines: readonly string[], share: number): Set<string> {
    const out = new Set<string>();
    if (sampleLines.length === 0) return out;
    const lines = new Map<string, number>();
    for (const line of sampleLines) for (const k of this.wordsIn(line.toLowerCase())) lines.set(k, (lines.get(k) ?? 0) + 1);
    for (const k of this.words) if ((lines.get(k) ?? 0) / sampleLines.length >= share) out.add(k);
    return out;
  }

  /** Every keyword in a lower-cased text (one search, not one per keyword). */
  private wordsIn(lower: string): Set<string> {
    const found = new Set<string>();
    const locator = this.locator;
    locator.lastIndex = 0;
    for (let m = locator.exec(lower); m !== null; m = locator.exec(lower)) {
      found.add(m[0]);
      for (const longer of this.extensions.get(m[0]) ?? []) if (lower.startsWith(longer, m.index)) found.add(longer);
      locator.lastIndex = m.index + 1;
    }
    return found;
  }

  /** Signatures (sharpest first) and markers whose keywords occur in a lower-cased line. */
  lookup(lower: string): KeywordTargets {
    const found: Signature[] = [];
    const markers: EventMarker[] = [];
    const add = (keyword: string) => {
      const t = this.targets.get(keyword) as { signatures: Signature[]; markers: EventMarker[] };
      for (const s of t.signatures) if (!found.includes(s)) found.push(s);
      for (const m of t.markers) if (!markers.includes(m)) markers.push(m);
    };
    const locator = this.locator;
    locator.lastIndex = 0;
    for (let m = locator.exec(lower); m !== null; m = locator.exec(lower)) {
      add(m[0]);
      for (const longer of this.extensions.get(m[0]) ?? []) if (lower.startsWith(longer, m.index)) add(longer);
      // Keywords may overlap: look again from the next character, not after the match.
      locator.lastIndex = m.index + 1;
    }
    if (found.length > 1) found.sort((a, b) => (this.rank.get(a) ?? 0) - (this.rank.get(b) ?? 0));
    // The matchers' own, shared statistics: this result is built per line and not kept, so statistics of its own
    // would start from zero on every line and the check would never be skipped. Lines come here when the WebAssembly
    // engine did not find their keywords: the JavaScript fallback (UPDOC_LOG_WASM=0), over-long and non-ASCII lines.
    return { signatures: found, matchers: found.map(signatureMatcher), checks: found.map((s) => signatureMatcher(s).checks), markers };
  }
}

/** The chunk prefilter runs on latin1-decoded bytes: a keyword's UTF-8 bytes read as latin1. */
function latin1View(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}
