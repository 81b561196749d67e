import type { Signature } from '../../core/define-signature.js';
import { anchorPattern, chooseAnchors } from './anchor-cover.js';
import type { EventMarker } from './event-markers.js';

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
  private readonly targets = new Map<string, KeywordTargets>();
  /** Keywords by a code of their first three characters, for the line locator. */
  private readonly byPrefix = new Map<number, string[]>();
  private readonly short: string[] = [];
  private readonly order = new Map<Signature, number>();

  constructor(
    readonly signatures: readonly Signature[],
    markers: readonly EventMarker[],
  ) {
    signatures.forEach((signature, i) => {
      this.order.set(signature, i);
      for (const k of signature.keywords) this.entry(k).signatures.push(signature);
    });
    for (const marker of markers) this.entry(marker.keyword).markers.push(marker);
    for (const keyword of this.targets.keys()) {
      if (keyword.length < 3) this.short.push(keyword);
      else {
        const code = prefixCode(keyword, 0);
        const list = this.byPrefix.get(code);
        if (list) list.push(keyword);
        else this.byPrefix.set(code, [keyword]);
      }
    }
  }

  get keywords(): string[] {
    return [...this.targets.keys()];
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
    const keywords = this.keywords.filter((k) => !ignore.has(k)).map(latin1View);
    return anchorPattern(chooseAnchors(keywords, latin1View(sample.toLowerCase())));
  }

  /** Keywords occurring in at least `share` of the sample lines: useless as a filter for this file. */
  ubiquitous(sampleLines: readonly string[], share: number): Set<string> {
    const out = new Set<string>();
    if (sampleLines.length === 0) return out;
    const lower = sampleLines.map((l) => l.toLowerCase());
    for (const k of this.targets.keys()) {
      let n = 0;
      for (const l of lower) if (l.includes(k)) n++;
      if (n / lower.length >= share) out.add(k);
    }
    return out;
  }

  /** Signatures and markers whose keywords occur in a lower-cased line (signatures in catalog order). */
  lookup(lower: string): KeywordTargets {
    const signatures = new Set<Signature>();
    const markers: EventMarker[] = [];
    const add = (keyword: string) => {
      const t = this.targets.get(keyword);
      if (!t) return;
      for (const s of t.signatures) signatures.add(s);
      for (const m of t.markers) if (!markers.includes(m)) markers.push(m);
    };
    for (let i = 0; i + 3 <= lower.length; i++) {
      const list = this.byPrefix.get(prefixCode(lower, i));
      if (list) for (const k of list) if (lower.startsWith(k, i)) add(k);
    }
    for (const k of this.short) if (lower.includes(k)) add(k);
    const ordered = [...signatures];
    if (ordered.length > 1) ordered.sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
    return { signatures: ordered, markers };
  }
}

/** Three characters folded into a small integer key; collisions only cost a `startsWith`. */
function prefixCode(text: string, i: number): number {
  return ((text.charCodeAt(i) & 1023) << 20) | ((text.charCodeAt(i + 1) & 1023) << 10) | (text.charCodeAt(i + 2) & 1023);
}

/** The chunk prefilter runs on latin1-decoded bytes: a keyword's UTF-8 bytes read as latin1. */
function latin1View(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}
