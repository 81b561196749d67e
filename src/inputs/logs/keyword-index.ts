import type { Signature } from '../../core/define-signature.js';
import { alternation, anchorPattern, chooseAnchors } from './anchor-cover.js';
import type { EventMarker } from './event-markers.js';
import { bySharpness } from '../../evidence/signature-sharpness.js';

/** What a keyword leads to: the signatures it prefilters and the event markers it names. */
interface KeywordTargets {
  signatures: Signature[];
  markers: EventMarker[];
}

/**
 * Keywords of the signatures and event markers that can occur in one log format, and the two
 * searches built on them: the chunk prefilter (a RegExp over anchors, run on whole chunks decoded
 * as latin1) and the line locator (which keywords a candidate line really contains).
 */
export class KeywordIndex {
  /** Sharpest first, so that the first signature to match a line is its primary one. */
  readonly signatures: readonly Signature[];
  private readonly targets = new Map<string, KeywordTargets>();
  private readonly rank = new Map<Signature, number>();
  private readonly words: string[];
  /** The line locator: every keyword in one alternation (V8 compiles it to native code). */
  private readonly locator: RegExp;
  /** Keywords that extend a shorter one (the alternation reports the shortest at a position). */
  private readonly extensions = new Map<string, string[]>();

  constructor(signatures: readonly Signature[], markers: readonly EventMarker[]) {
    this.signatures = bySharpness(signatures);
    this.signatures.forEach((signature, i) => {
      this.rank.set(signature, i);
      for (const k of signature.keywords) this.entry(k).signatures.push(signature);
    });
    for (const marker of markers) this.entry(marker.keyword).markers.push(marker);
    this.words = [...this.targets.keys()];
    this.locator = new RegExp(alternation(this.words), 'g');
    for (const word of this.words) {
      const longer = this.words.filter((w) => w !== word && w.startsWith(word));
      if (longer.length) this.extensions.set(word, longer);
    }
  }

  get keywords(): string[] {
    return this.words;
  }

  private entry(keyword: string): KeywordTargets {
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
  chunkPattern(sample: string, ignore: ReadonlySet<string> = new Set()): RegExp {
    const keywords = this.words.filter((k) => !ignore.has(k)).map(latin1View);
    return anchorPattern(chooseAnchors(keywords, latin1View(sample.toLowerCase())));
  }

  /** Keywords occurring in at least `share` of the sample lines: useless as a filter for this file. */
  ubiquitous(sampleLines: readonly string[], share: number): Set<string> {
    const out = new Set<string>();
    if (sampleLines.length === 0) return out;
    const lower = sampleLines.map((l) => l.toLowerCase());
    for (const k of this.words) {
      let n = 0;
      for (const l of lower) if (l.includes(k)) n++;
      if (n / lower.length >= share) out.add(k);
    }
    return out;
  }

  /** Signatures (sharpest first) and markers whose keywords occur in a lower-cased line. */
  lookup(lower: string): KeywordTargets {
    const found: Signature[] = [];
    const markers: EventMarker[] = [];
    const add = (keyword: string) => {
      const t = this.targets.get(keyword) as KeywordTargets;
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
    return { signatures: found, markers };
  }
}

/** The chunk prefilter runs on latin1-decoded bytes: a keyword's UTF-8 bytes read as latin1. */
function latin1View(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}
