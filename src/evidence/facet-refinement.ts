import type { Signature } from '../core/define-signature.js';
import { matchSignature } from './match-signatures.js';

/** One signature's reading of a message: the signature and the text it matched there. */
export interface Facet {
  signature: Signature;
  text: string;
}

/** Longer matched texts are not probed (bounded work on hostile input): such facets stay peers. */
const MAX_PROBED_TEXT = 1500;

/**
 * Which facets of one message a more specific facet refines. Only nested facets are compared: inner facet I's matched
 * text lies inside outer facet O's. Whether a signature *needs* a word is found by changing that word (every letter and
 * digit shifted: the same shape, other words) and matching again. Then:
 * - I reads a part O leaves open — with every word of I's text that O does not need changed, I no longer matches — so
 *   I says what O meant and refines O: "delayed connect error: 111" inside "upstream connect error … transport failure
 *   reason: delayed connect error: 111" (O reads its frame and takes any reset or transport failure reason);
 * - otherwise O needs every word I reads, and when it needs more (its own frame: Istio's outbound access-log line that
 *   needs "UC" and "{connection_termination}" around that detail alone), O is the specialisation and refines I;
 * - otherwise (both read the same words) they are peers, as are facets that refine one another in a circle.
 *
 * Returns, for each facet, whether another facet refines it (it is the broader reading of the event). `budget` bounds
 * the signature runs of probes not remembered yet; once it is spent, such pairs stay peers. Share one across the records
 * of one input: a hostile paste of 4 MiB whose every line says something new would otherwise cost a few hundred
 * thousand pattern runs (seconds), where real pastes repeat the same few words and need a few thousand.
 */
export function broaderFacets(facets: readonly Facet[], budget: ProbeBudget = probeBudget()): boolean[] {
  const n = facets.length;
  // refines[x][y]: facet x refines facet y.
  const refines = facets.map(() => facets.map(() => false));
  for (let o = 0; o < n; o++)
    for (let i = 0; i < n; i++) {
      const outer = facets[o];
      const inner = facets[i];
      if (i === o || inner.signature === outer.signature || outer.text.length > MAX_PROBED_TEXT) continue;
      if (inner.text.length === 0 || inner.text.length >= outer.text.length || !outer.text.includes(inner.text)) continue;
      const relation = nestedRelation(outer, inner, budget);
      if (relation === 'inner') refines[i][o] = true;
      else if (relation === 'outer') refines[o][i] = true;
    }
  // Facets can refine one another in a circle (each reads a part the next leaves open): none is the broader reading
  // of the others, so they are peers. A facet is broader only when refined by one it does not itself (even
  // indirectly) refine.
  const reaches = refines.map((row) => [...row]);
  for (let k = 0; k < n; k++) for (let x = 0; x < n; x++) if (reaches[x][k]) for (let y = 0; y < n; y++) if (reaches[k][y]) reaches[x][y] = true;
  return facets.map((_, y) => facets.some((__, x) => refines[x][y] && !reaches[y][x]));
}

type Relation = 'inner' | 'outer' | 'peers';

/**
 * Which of two nested facets refines the other. Remembered per signature pair and inner text: what a signature needs
 * are its literal words, which stay the same from one log line to the next (only values — addresses, ids, times —
 * change, and a value changed to another of the same shape is never needed), so a log of a thousand Envoy lines is
 * probed once, not a thousand times.
 */
function nestedRelation(outer: Facet, inner: Facet, budget: ProbeBudget): Relation | null {
  // Digits are values here (addresses, ports, counters): "dial tcp 10.0.0.7:8080: …" and "… 10.0.0.9:8080 …" share one probe.
  const key = `${outer.signature.id}\u0000${inner.signature.id}\u0000${inner.text.replace(/\d+/g, '0')}`;
  const known = relations.get(key);
  if (known) return known;
  const innerWords = wordsOf(inner.text);
  // At most: both texts as they are, each inner word, the open part and the frame.
  const runs = innerWords.size + 4;
  if (budget.patternRuns < runs) return null;
  budget.patternRuns -= runs;
  if (!matches(outer.signature, outer.text) || !matches(inner.signature, inner.text)) return null;
  // The inner words the outer does not need: changed wherever they occur (a log line may repeat a value: Envoy prints
  // the transport failure reason twice), the outer still matches.
  const openPart = new Set([...innerWords].filter((w) => matches(outer.signature, shiftWords(outer.text, new Set([w])))));
  let relation: Relation = 'peers';
  if (openPart.size > 0 && !matches(inner.signature, shiftWords(inner.text, openPart))) relation = 'inner';
  else {
    const frame = new Set([...wordsOf(outer.text)].filter((w) => !innerWords.has(w)));
    if (frame.size > 0 && !matches(outer.signature, shiftWords(outer.text, frame))) relation = 'outer';
  }
  if (relations.size >= MAX_REMEMBERED) relations.clear();
  relations.set(key, relation);
  return relation;
}

/** What is left of the signature runs probes may spend (see {@link broaderFacets}). */
export interface ProbeBudget {
  patternRuns: number;
}

/** Enough for every facet pair of a real 4 MiB paste (about 6,000 runs); a few tenths of a second at most. */
const MAX_PATTERN_RUNS = 20_000;

export function probeBudget(patternRuns = MAX_PATTERN_RUNS): ProbeBudget {
  return { patternRuns };
}

const MAX_REMEMBERED = 4096;
const relations = new Map<string, Relation>();

const WORD = /[A-Za-z0-9]+/g;

/** The distinct words (runs of letters and digits) of a text. */
function wordsOf(text: string): Set<string> {
  return new Set(text.match(WORD) ?? []);
}

function matches(signature: Signature, text: string): boolean {
  return matchSignature(signature, text, text.toLowerCase()) !== null;
}

/** `text` with every occurrence of the given words changed to the same shape with other letters and digits. */
function shiftWords(text: string, list: ReadonlySet<string>): string {
  return text.replace(WORD, (w) => (list.has(w) ? shiftShape(w) : w));
}

/** Every letter and digit replaced by the next one (z→a, 9→0), everything else kept: the same shape, other words. */
function shiftShape(text: string): string {
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 122 || c === 90 || c === 57) out += String.fromCharCode(c === 122 ? 97 : c === 90 ? 65 : 48);
    else if ((c >= 97 && c < 122) || (c >= 65 && c < 90) || (c >= 48 && c < 57)) out += String.fromCharCode(c + 1);
    else out += text[k];
  }
  return out;
}
