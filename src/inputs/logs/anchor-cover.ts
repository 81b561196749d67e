/**
 * Picks the literals the chunk prefilter searches for. Every keyword must contain at least one
 * anchor (then no line with a keyword can be missed), and the anchors should be rare in the file at
 * hand (each hit costs a line decode and a signature test). That is a weighted set cover; the greedy
 * choice is within a log factor of the best and runs in milliseconds. What else an anchor costs
 * depends on the search that runs them:
 * - `regex` (the JavaScript path): each anchor is an alternative V8's engine tries at every position,
 *   so fewer, shorter, more general anchors win;
 * - `simd` (the WebAssembly scanner): anchors are nearly free, but each occurrence of an anchor's first
 *   three bytes (its fingerprint) costs a verification, so anchors whose start is rare win.
 *
 * Rarity is estimated from a sample of the file: the count of an anchor's least frequent trigram.
 */

const MIN_ANCHOR = 3;
const ASCII = /^[\x00-\x7f]+$/;
/** The SIMD scanner verifies an anchor with one 64-bit compare. */
export const MAX_ANCHOR = 8;

export type AnchorModel = 'regex' | 'simd';
const TRIGRAM_BITS = 18;

/** Trigram counts of a lower-cased latin1 sample, in a small hashed table (collisions only overestimate). */
class TrigramCounts {
  private readonly counts = new Uint32Array(1 << TRIGRAM_BITS);

  constructor(sample: string) {
    for (let i = 0; i + 2 < sample.length; i++) this.counts[hash(sample.charCodeAt(i), sample.charCodeAt(i + 1), sample.charCodeAt(i + 2))]++;
  }

  /** How often the trigram at `text[0..3)` occurs. */
  count(text: string): number {
    return text.length < 3 ? Number.POSITIVE_INFINITY : this.counts[hash(text.charCodeAt(0), text.charCodeAt(1), text.charCodeAt(2))];
  }

  /** Upper estimate of how often `text` occurs: the count of its rarest trigram. */
  estimate(text: string): number {
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i + 2 < text.length; i++) min = Math.min(min, this.counts[hash(text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2))]);
    return Number.isFinite(min) ? min : 0;
  }
}

function hash(a: number, b: number, c: number): number {
  return (Math.imul((a << 16) ^ (b << 8) ^ c, 2654435761) >>> (32 - TRIGRAM_BITS)) & ((1 << TRIGRAM_BITS) - 1);
}

interface Candidate {
  anchor: string;
  keywords: number[];
  cost: number;
  /** Upper bound of covered/cost, refreshed lazily. */
  ratio: number;
}

/**
 * @param keywords lower-case keywords in the text space of the sample (latin1 view of UTF-8)
 * @param sample lower-cased text from the start of the file
 * @returns anchors such that every keyword contains one
 */
export function chooseAnchors(keywords: readonly string[], sample: string, model: AnchorModel = 'regex'): string[] {
  if (keywords.length === 0) return [];
  const trigrams = new TrigramCounts(sample);
  // regex: a hit costs about as much as scanning this many sample bytes for one more alternative.
  // simd: an anchor costs four sample hits (it widens its bucket's fingerprint), a fingerprint
  // occurrence 1/20 of one (measured on the benchmark's nginx error log: 2.2 GB/s, against 1.7 with
  // anchors at one hit and fingerprints at 1/200, and 1.8 with anchors at 64 hits).
  const alternativeCost = model === 'regex' ? Math.max(4, sample.length / 16384) : 4;
  const fingerprintCost = (anchor: string) => (model === 'simd' ? Math.min(trigrams.count(anchor), sample.length) / 20 : 0);
  const byAnchor = new Map<string, number[]>();
  for (let index = 0; index < keywords.length; index++) {
    const keyword = keywords[index];
    const ascii = ASCII.test(keyword);
    let added = 0;
    // Only ASCII anchors match case-insensitively on latin1 text (é and É differ in their UTF-8 bytes).
    for (let len = MIN_ANCHOR; len <= Math.min(MAX_ANCHOR, keyword.length); len++) {
      for (let i = 0; i + len <= keyword.length; i++) {
        const anchor = keyword.slice(i, i + len);
        if (!ascii && !ASCII.test(anchor)) continue;
        let list = byAnchor.get(anchor);
        if (!list) {
          list = [];
          byAnchor.set(anchor, list);
        }
        // A keyword that holds an anchor twice is listed once.
        if (list[list.length - 1] !== index) {
          list.push(index);
          added++;
        }
      }
    }
    if (added === 0) {
      const list = byAnchor.get(keyword);
      if (list) list.push(index);
      else byAnchor.set(keyword, [index]);
    }
  }

  const heap: Candidate[] = [];
  for (const [anchor, list] of byAnchor) {
    const cost = alternativeCost + trigrams.estimate(anchor) + fingerprintCost(anchor) + (anchor.length < MIN_ANCHOR ? alternativeCost : 0);
    heap.push({ anchor, keywords: list, cost, ratio: list.length / cost });
  }
  heapify(heap);

  const covered = new Uint8Array(keywords.length);
  let left = keywords.length;
  const anchors: string[] = [];
  // Lazy greedy: a candidate's ratio only falls as keywords get covered, so recompute on pop.
  while (left > 0 && heap.length > 0) {
    const top = pop(heap);
    let uncovered = 0;
    for (const k of top.keywords) if (covered[k] === 0) uncovered++;
    const fresh = uncovered / top.cost;
    if (fresh === 0) continue;
    if (heap.length > 0 && fresh < heap[0].ratio) {
      top.ratio = fresh;
      push(heap, top);
      continue;
    }
    anchors.push(top.anchor);
    for (const k of top.keywords) {
      if (covered[k] === 0) {
        covered[k] = 1;
        left--;
      }
    }
  }
  return anchors.sort();
}

// A max-heap on `ratio`, ties broken towards longer anchors (more selective).
function better(a: Candidate, b: Candidate): boolean {
  return a.ratio > b.ratio || (a.ratio === b.ratio && a.anchor.length > b.anchor.length);
}

function heapify(h: Candidate[]): void {
  for (let i = (h.length >> 1) - 1; i >= 0; i--) down(h, i);
}

function push(h: Candidate[], c: Candidate): void {
  h.push(c);
  let i = h.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!better(h[i], h[parent])) break;
    // Swapped through a variable: this runs once per file, before V8 optimises it, where `[a, b] = [b, a]` allocates.
    const swap = h[i];
    h[i] = h[parent];
    h[parent] = swap;
    i = parent;
  }
}

function pop(h: Candidate[]): Candidate {
  const top = h[0];
  const last = h.pop() as Candidate;
  if (h.length > 0) {
    h[0] = last;
    down(h, 0);
  }
  return top;
}

function down(h: Candidate[], start: number): void {
  let i = start;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let best = i;
    if (l < h.length && better(h[l], h[best])) best = l;
    if (r < h.length && better(h[r], h[best])) best = r;
    if (best === i) return;
    const swap = h[i];
    h[i] = h[best];
    h[best] = swap;
    i = best;
  }
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** One case-insensitive alternation over the anchors (see {@link alternation}). */
export function anchorPattern(anchors: readonly string[]): RegExp {
  return new RegExp(alternation(anchors), 'gi');
}

/**
 * An alternation of literals factored as a trie, so that the engine tests shared prefixes once
 * ("connect() failed" and "connection refused" share "connect"). A literal that is a prefix of
 * another ends the branch: the shorter one is reported.
 */
export function alternation(literals: readonly string[]): string {
  if (literals.length === 0) return '(?!)';
  type Node = Map<string, Node>;
  const root: Node = new Map();
  const END = '';
  for (const literal of literals) {
    let node = root;
    for (const c of literal) {
      let next = node.get(c);
      if (!next) {
        next = new Map();
        node.set(c, next);
      }
      node = next;
    }
    node.set(END, new Map());
  }
  const emit = (node: Node): string => {
    // A shorter anchor that is a prefix of a longer one already makes the line a candidate.
    if (node.has(END)) return '';
    const alternatives = [...node].map(([c, child]) => c.replace(REGEX_SPECIAL, '\\$&') + emit(child));
    return alternatives.length === 1 ? alternatives[0] : `(?:${alternatives.join('|')})`;
  };
  return emit(root);
}
