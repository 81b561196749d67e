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
  upstreamFields?: Fields;
}

/** The fields that say which upstream a record is about (what `upstreamOfFields` reads). */
const UPSTREAM_FIELDS: ReadonlySet<FieldName> = new Set<FieldName>(['upstream', 'host', 'port', 'backend', 'server']);

interface UpstreamReader {
  groups: readonly { index: number; field: FieldName; bit: number }[];
  constants: readonly (readonly [FieldName, string])[];
}

const readers = new WeakMap<SignatureMatcher, UpstreamReader | null>();

/** What of a matcher's captures and constant fields names the upstream; null when its groups are unknown. */
function readerOf(matcher: SignatureMatcher): UpstreamReader | null {
  let reader = readers.get(matcher);
  if (reader === undefined) {
    reader =
      matcher.groups === null
        ? null
        : { groups: matcher.groups.filter((g) => UPSTREAM_FIELDS.has(g.field)), constants: matcher.constants.filter(([k]) => UPSTREAM_FIELDS.has(k)) };
    readers.set(matcher, reader);
  }
  return reader;
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
    readonly upstreamFields: Fields,
  ) {}

  get fields(): Fields {
    this.built ??= matchWith(this.matcher, this.text, this.text.toLowerCase(), true) ?? {};
    return this.built;
  }
}

const literalPatterns = new WeakMap<SignatureMatcher, readonly RegExp[]>();

/**
 * A matcher's required literals (lower-case ASCII) as case-insensitive patterns: a match of the
 * signature contains each, in either case, so a text where one is missing cannot match. Testing the
 * line itself costs half of lower-casing it and searching the copy (`matchWith`'s way).
 */
function literalPatternsOf(matcher: SignatureMatcher): readonly RegExp[] {
  let patterns = literalPatterns.get(matcher);
  if (!patterns) {
    patterns = matcher.required.map((literal) => new RegExp(literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i'));
    literalPatterns.set(matcher, patterns);
  }
  return patterns;
}

/**
 * `matchWith` for a line whose keywords are known, giving a match whose fields are read lazily (see
 * {@link LazyMatch}). The literal check spares a regex that cannot match; it is skipped (but sampled)
 * while it seldom rejects, as `matchWith` does with the same statistics. The signature's `requires` are always tested.
 */
export function matchLine(matcher: SignatureMatcher, text: string, checks: LiteralChecks): RecordMatch | null {
  // A pattern that keeps a position (`g`, `y`) would not match again the same way: run once, by matchWith.
  if (matcher.pattern.global || matcher.pattern.sticky) {
    const fields = matchWith(matcher, text, text.toLowerCase(), true, checks);
    return fields ? { signature: matcher.signature, fields } : null;
  }
  const required = matcher.required;
  if (required.length > 0 && (!checks.skip || (++checks.calls & 15) === 0)) {
    const literals = literalPatternsOf(matcher);
    let rejected = false;
    for (let i = 0; i < literals.length && !rejected; i++) rejected = !literals[i].test(text);
    noteLiteralCheck(checks, rejected);
    if (rejected) return null;
  }
  if (!meetsRequirements(matcher, text)) return null;
  const m = matcher.pattern.exec(text);
  if (!m) return null;
  const reader = readerOf(matcher);
  if (reader === null) {
    // Stateless: the pattern matches again the same way.
    const fields = matchWith(matcher, text, text.toLowerCase(), true) ?? {};
    return { signature: matcher.signature, fields };
  }
  return new LazyMatch(matcher.signature, matcher, text, upstreamFieldsOf(reader, m));
}

/**
 * The upstream-naming fields of a match, as `matchWith` would give them (constants, then captures, then what `upstream`
 * implies). The same reading as `capturedFields` in match-signatures.ts, kept apart on purpose: this runs once per
 * failing line, and sharing one function with the matcher made its property stores polymorphic — 4–6% of the
 * one-thread scan of an nginx error log (interleaved runs, 256 MiB, 2026-11-21). line-match.test.ts checks both agree.
 */
function upstreamFieldsOf(reader: UpstreamReader, m: RegExpExecArray): Fields {
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
    fields[groups[i].field] = value;
  }
  if (fields.upstream && (!fields.host || !fields.port)) {
    const derived = splitUpstream(fields.upstream);
    if (fields.host === undefined && derived.host !== undefined) fields.host = derived.host;
    if (fields.port === undefined && derived.port !== undefined) fields.port = derived.port;
  }
  return fields;
}

/** The fields of a match that name its upstream. */
export function upstreamFieldsOfMatch(match: RecordMatch): Fields {
  return match.upstreamFields ?? match.fields;
}
