import type { Signature } from '../../core/define-signature.js';
import type { FieldName, Fields } from '../../core/ids.js';
import { type LiteralChecks, matchWith, meetsRequirements, noteLiteralCheck, type SignatureMatcher, splitUpstream } from '../../evidence/match-signatures.js';

/** One signature that matched a record. */
export interface RecordMatch {
  signature: Signature;
  fields: Fields;
  /**
   * The fields that name the upstream (`upstream`, `host`, `port`, `backend`, `server`), with the values
   * `fields` has for them, when they were read apart (then `fields` is built only if asked for).
   */
  upstreamFields?: Readonly<Fields>;
}

/** The fields that say which upstream a record is about (what `upstreamOfFields` reads). */
const UPSTREAM_FIELDS: ReadonlySet<FieldName> = new Set<FieldName>(['upstream', 'host', 'port', 'backend', 'server']);

interface UpstreamReader {
  groups: readonly { index: number; field: FieldName; bit: number }[];
  constants: readonly (readonly [FieldName, string])[];
  /**
   * When the groups fill one field (nginx's `upstream`): the upstream fields by that field's value, one object shared
   * by every line that names the same upstream (read-only). Logs name few upstreams over and over; a line then costs
   * one lookup instead of building the fields and deriving host and port again (and the value downstream is the same
   * string object each time, which the upstream key's cache finds at once). Bounded: restarts when full.
   */
  byValue: Map<string, Readonly<Fields>> | null;
  /** With `byValue`: the fields when no group captured anything. */
  none: Readonly<Fields> | null;
  /** Lookups in `byValue` that found the fields since it was last emptied. */
  hits: number;
  /** Lines still to read without `byValue`, which found too little when it was last full (upstreams that seldom repeat). */
  bypass: number;
}

const SHARED_FIELDS_CAP = 4096;
const BYPASS_LINES = 1 << 16;
/** Up to this length a line may be kept alive by the value (a slice of it) that `byValue` keeps; a longer one's value is copied. */
const MAX_KEPT_LINE = 1024;

/** What line-match keeps per matcher (in `SignatureMatcher.lineState`). */
interface LineState {
  /** What of the matcher's captures and constant fields names the upstream; null when its groups are unknown. */
  reader: UpstreamReader | null;
  /** The matcher's required literals as case-insensitive patterns (see `matchLine`). */
  literals: readonly RegExp[];
}

function lineStateOf(matcher: SignatureMatcher): LineState {
  let state = matcher.lineState as LineState | undefined;
  if (state === undefined) {
    let reader: UpstreamReader | null = null;
    if (matcher.groups !== null) {
      const groups = matcher.groups.filter((g) => UPSTREAM_FIELDS.has(g.field));
      const oneField = groups.length > 0 && groups.every((g) => g.field === groups[0].field);
      const constants = matcher.constants.filter(([k]) => UPSTREAM_FIELDS.has(k));
      reader = { groups, constants, byValue: oneField ? new Map() : null, none: null, hits: 0, bypass: 0 };
    }
    // A text where one literal is missing cannot match; testing the line itself costs half of lower-casing it and
    // searching the copy (`matchWith`'s way).
    const literals = matcher.required.map((literal) => new RegExp(literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i'));
    state = { reader, literals };
    matcher.lineState = state;
  }
  return state;
}

/**
 * A match whose fields are built when first read (by running the signature again: the same pattern on
 * the same text gives the same fields). A failing line's counts need only the fields that name its
 * upstream, read from the match right away; the others serve the first record of each group.
 */
class LazyMatch implements RecordMatch {
  private built: Fields | null = null;

  constructor(
    readonly signature: Signature,
    private readonly matcher: SignatureMatcher,
    private readonly text: string,
    readonly upstreamFields: Readonly<Fields>,
  ) {}

  get fields(): Fields {
    this.built ??= matchWith(this.matcher, this.text, this.text.toLowerCase(), true) ?? {};
    return this.built;
  }
}

/**
 * `matchWith` for a line whose keywords are known, giving a match whose fields are read lazily (see
 * {@link LazyMatch}). The literal check spares a regex that cannot match; it is skipped (but sampled)
 * while it seldom rejects, as `matchWith` does with the same statistics. The signature's `requires` are always tested.
 */
export function matchLine(matcher: SignatureMatcher, text: string, checks: LiteralChecks): RecordMatch | null {
  // A pattern that keeps a position (`g`, `y`) would not match again the same way: run once, by matchWith.
  if (matcher.keepsPosition) {
    const fields = matchWith(matcher, text, text.toLowerCase(), true, checks);
    return fields ? { signature: matcher.signature, fields } : null;
  }
  const state = lineStateOf(matcher);
  const literals = state.literals;
  if (literals.length > 0 && (!checks.skip || (++checks.calls & 15) === 0)) {
    let rejected = false;
    for (let i = 0; i < literals.length && !rejected; i++) rejected = !literals[i].test(text);
    noteLiteralCheck(checks, rejected);
    if (rejected) return null;
  }
  if (!meetsRequirements(matcher, text)) return null;
  const m = matcher.pattern.exec(text);
  if (!m) return null;
  const reader = state.reader;
  if (reader === null) {
    // Stateless: the pattern matches again the same way.
    const fields = matchWith(matcher, text, text.toLowerCase(), true) ?? {};
    return { signature: matcher.signature, fields };
  }
  return new LazyMatch(matcher.signature, matcher, text, upstreamFieldsOf(reader, m, text));
}

/**
 * The upstream-naming fields of a match, as `matchWith` would give them (constants, then captures, then what `upstream`
 * implies). The same reading as `capturedFields` in match-signatures.ts, kept apart on purpose: this runs once per
 * failing line, and sharing one function with the matcher made its property stores polymorphic — 4–6% of the
 * one-thread scan of an nginx error log (interleaved runs, 256 MiB, 2026-11-21). line-match.test.ts checks both agree.
 */
function upstreamFieldsOf(reader: UpstreamReader, m: RegExpExecArray, text: string): Readonly<Fields> {
  const byValue = reader.byValue;
  if (byValue === null) return readUpstreamFields(reader, m);
  if (reader.bypass > 0) {
    reader.bypass--;
    return readUpstreamFields(reader, m);
  }
  // One field: the first non-empty capture decides what the fields are.
  const { groups } = reader;
  let value: string | undefined;
  for (let i = 0; i < groups.length && value === undefined; i++) {
    const v = m[groups[i].index];
    if (v !== undefined && v !== '') value = v;
  }
  if (value === undefined) {
    reader.none ??= readUpstreamFields(reader, m);
    return reader.none;
  }
  let fields = byValue.get(value);
  if (fields !== undefined) {
    reader.hits++;
    return fields;
  }
  if (byValue.size >= SHARED_FIELDS_CAP) {
    byValue.clear();
    // Filled with more misses than hits: a lookup (and an entry per new upstream) costs more than it spares.
    const seldom = reader.hits < SHARED_FIELDS_CAP;
    reader.hits = 0;
    if (seldom) {
      reader.bypass = BYPASS_LINES;
      return readUpstreamFields(reader, m);
    }
  }
  const own = text.length <= MAX_KEPT_LINE ? value : `\u0000${value}`.slice(1);
  fields = readUpstreamFields(reader, m, own);
  byValue.set(own, fields);
  return fields;
}

/** The upstream fields of a match, built; `own`: the value to store (maybe a copy), for a reader whose groups fill one field. */
function readUpstreamFields(reader: UpstreamReader, m: RegExpExecArray, own?: string): Fields {
  const fields: Fields = {};
  const { constants, groups } = reader;
  for (let i = 0; i < constants.length; i++) fields[constants[i][0]] = constants[i][1];
  let seen = 0;
  for (let i = 0; i < groups.length; i++) {
    const value = m[groups[i].index];
    if (value === undefined || value === '') continue;
    const bit = groups[i].bit;
    if (seen & bit) continue;
    seen |= bit;
    fields[groups[i].field] = own ?? value;
  }
  if (fields.upstream && (!fields.host || !fields.port)) {
    const derived = splitUpstream(fields.upstream);
    if (fields.host === undefined && derived.host !== undefined) fields.host = derived.host;
    if (fields.port === undefined && derived.port !== undefined) fields.port = derived.port;
  }
  return fields;
}

/** The fields of a match that name its upstream. */
export function upstreamFieldsOfMatch(match: RecordMatch): Readonly<Fields> {
  return match.upstreamFields ?? match.fields;
}
