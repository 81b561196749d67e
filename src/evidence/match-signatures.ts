import type { Signature } from '../core/define-signature.js';
import type { FieldName, Fields } from '../core/ids.js';
import { FIELD_NAMES } from '../core/ids.js';
import type { TextRecord } from '../inputs/text/records.js';

export interface SignatureMatch {
  signature: Signature;
  /** Index of the record (logical message) the match was found in. */
  record: number;
  /** The event the record belongs to (an exception and its cause chain share one). */
  incident: number;
  /** 1-based physical line in the input where that record starts. */
  line: number;
  /** The matched text (may contain control characters: sanitise before printing). */
  text: string;
  fields: Fields;
}

const FIELD_SET: ReadonlySet<string> = new Set(FIELD_NAMES);

/** Turns regex groups into fields: `host_2` → `host`; the first non-empty value of a name wins. */
export function groupsToFields(groups: Record<string, string | undefined> | undefined): Fields {
  const fields: Fields = {};
  if (!groups) return fields;
  for (const rawName in groups) {
    const value = groups[rawName];
    if (value === undefined || value === '') continue;
    const key = fieldOfGroup(rawName);
    if (key !== null && fields[key] === undefined) fields[key] = value;
  }
  return fields;
}

const groupFields = new Map<string, FieldName | null>();

/** The field a named group fills (`host_2` → `host`), or null when the name is not a field. */
function fieldOfGroup(rawName: string): FieldName | null {
  let field = groupFields.get(rawName);
  if (field === undefined) {
    const name = rawName.replace(/_\d+$/, '');
    field = FIELD_SET.has(name) ? (name as FieldName) : null;
    groupFields.set(rawName, field);
  }
  return field;
}

/** Host/port/scheme derived from an `upstream` value when the pattern did not capture them (shared and frozen: copy to modify). */
export function splitUpstream(upstream: string): Readonly<Fields> {
  let cached = splitCache.get(upstream);
  if (!cached) {
    cached = Object.freeze(splitUpstreamUncached(upstream));
    // Logs repeat a few upstreams over and over; the cache is bounded and simply restarts when full.
    if (splitCache.size >= SPLIT_CACHE_SIZE) splitCache.clear();
    splitCache.set(upstream, cached);
  }
  return cached;
}

const SPLIT_CACHE_SIZE = 4096;
const splitCache = new Map<string, Readonly<Fields>>();

function splitUpstreamUncached(upstream: string): Fields {
  const out: Fields = {};
  const url = /^(?<scheme>[a-z][a-z0-9+.-]*):\/\/(?<rest>.*)$/i.exec(upstream);
  let rest = upstream;
  if (url?.groups) {
    out.scheme = url.groups.scheme.toLowerCase();
    rest = url.groups.rest ?? '';
  }
  if (/^unix:/i.test(rest)) {
    out.host = rest.replace(/:$/, '');
    return out;
  }
  const hostPort = /^(?:\[(?<v6>[0-9a-f:.%\w]+)\]|(?<name>[^\s/:?#]+))(?::(?<port>\d{1,5}))?/i.exec(rest);
  if (hostPort?.groups) {
    const host = hostPort.groups.v6 ?? hostPort.groups.name;
    if (host) out.host = host;
    if (hostPort.groups.port) out.port = hostPort.groups.port;
    const path = rest.slice(hostPort[0].length);
    if (path.startsWith('/') && path.length > 1) out.path = path;
  } else {
    // IPv6 without brackets as nginx sometimes prints it is ambiguous; keep as host.
    const bare = /^([0-9a-f:]+:[0-9a-f]*)$/i.exec(rest);
    if (bare) out.host = bare[1];
  }
  return out;
}

/**
 * What is known about a signature's pattern before running it: the lower-case literals every match
 * contains (checked with `includes`, far cheaper than a regex that fails), and which capture index
 * each named group has (reading `m[i]` avoids building the `groups` object on every match).
 */
interface CompiledSignature {
  readonly signature: Signature;
  /**
   * The pattern without group names (same captures, same numbers): `exec` then builds no `groups`
   * object, and fields are read by index. The signature's own pattern when names cannot be dropped.
   */
  pattern: RegExp;
  required: readonly string[];
  /** `signature.requires`: patterns every match also matches, tested before the pattern. */
  requires: readonly RegExp[];
  /** Named groups in capture order, or null when the source could not be read (then `m.groups` is used). */
  groups: readonly { index: number; field: FieldName; bit: number }[] | null;
  /** `signature.fields` as entries. */
  constants: readonly (readonly [FieldName, string])[];
  /** Literal-check statistics when the caller keeps none of its own (see {@link LiteralChecks}). */
  checks: LiteralChecks;
  /** The pattern keeps a position (`g`, `y` flags, read once here: they are getters). */
  keepsPosition: boolean;
  /**
   * What the log scanner's line matcher (inputs/logs/line-match.ts) prepares for this matcher on first use: kept
   * here, not in a WeakMap of its own, because it is read for every signature tried on every failing line.
   */
  lineState: unknown;
}

/**
 * How often a signature's literal check ran and how often it spared the regex. A check that rarely
 * rejects (the signature matches most texts that reach it) is skipped, but still sampled. Callers that
 * know the kind of text (the keywords found in it) keep one per kind: the same signature's check may
 * always pass on one kind of line and always fail on another.
 */
export interface LiteralChecks {
  checks: number;
  rejects: number;
  calls: number;
  skip: boolean;
}

export function newLiteralChecks(): LiteralChecks {
  return { checks: 0, rejects: 0, calls: 0, skip: false };
}

/** Counts one literal check; the checks go on only while they spare the regex at least one time in five. */
export function noteLiteralCheck(stats: LiteralChecks, rejected: boolean): void {
  stats.checks++;
  if (rejected) stats.rejects++;
  if (stats.checks >= 64) {
    stats.skip = stats.rejects * 5 < stats.checks;
    // Halved now and then, so a log whose lines change character is followed.
    if (stats.checks >= 4096) {
      stats.checks >>= 1;
      stats.rejects >>= 1;
    }
  }
}

const compiledSignatures = new WeakMap<Signature, CompiledSignature>();

function compiled(signature: Signature): CompiledSignature {
  let c = compiledSignatures.get(signature);
  if (!c) {
    const analysis = analysePattern(signature.pattern);
    c = {
      signature,
      pattern: analysis.groups && !signature.pattern.source.includes('\\k<') ? unnamed(signature.pattern) : signature.pattern,
      required: analysis.literals,
      requires: signature.requires ?? [],
      groups:
        analysis.groups?.flatMap(({ name, index }) => {
          const field = fieldOfGroup(name);
          return field === null ? [] : [{ index, field, bit: 1 << FIELD_NAMES.indexOf(field) }];
        }) ?? null,
      constants: Object.entries(signature.fields ?? {}) as [FieldName, string][],
      checks: newLiteralChecks(),
      keepsPosition: signature.pattern.global || signature.pattern.sticky,
      lineState: undefined,
    };
    compiledSignatures.set(signature, c);
  }
  return c;
}

/**
 * The keyword prefilter, the required literals, then the regex: the one place a signature is tried
 * against text. `keywordKnown`: the caller knows the text holds one of the signature's keywords.
 */
function hasKeyword(signature: Signature, lowerText: string): boolean {
  for (const keyword of signature.keywords) if (lowerText.includes(keyword)) return true;
  return false;
}

function execCompiled(
  c: CompiledSignature,
  text: string,
  lowered: string | (() => string),
  keywordKnown: boolean,
  stats: LiteralChecks = c.checks,
): RegExpExecArray | null {
  const signature = c.signature;
  if (!keywordKnown && !hasKeyword(signature, typeof lowered === 'string' ? lowered : lowered())) return null;
  const required = c.required;
  if (required.length > 0 && (!stats.skip || (++stats.calls & 15) === 0)) {
    const lowerText = typeof lowered === 'string' ? lowered : lowered();
    let rejected = false;
    for (let i = 0; i < required.length && !rejected; i++) rejected = !lowerText.includes(required[i]);
    noteLiteralCheck(stats, rejected);
    if (rejected) return null;
  }
  return meetsRequirements(c, text) ? c.pattern.exec(text) : null;
}

/**
 * Whether `text` matches each of the signature's cheap necessary conditions (`requires`): when one misses, so
 * would the pattern. Every caller tests this before running a matcher's pattern.
 */
export function meetsRequirements(matcher: SignatureMatcher, text: string): boolean {
  const requires = matcher.requires;
  for (let i = 0; i < requires.length; i++) if (!requires[i].test(text)) return false;
  return true;
}

/** A copy of a pattern with `(?<name>…)` turned into `(…)` (lookbehinds `(?<=`/`(?<!` kept). */
function unnamed(pattern: RegExp): RegExp {
  let source = '';
  const src = pattern.source;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      source += src.slice(i, i + 2);
      i++;
    } else if (c === '[') {
      // A class may hold "(?<" as plain characters.
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      source += src.slice(i, j + 1);
      i = j;
    } else if (c === '(' && src[i + 1] === '?' && src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
      source += '(';
      i = src.indexOf('>', i);
    } else source += c;
  }
  return new RegExp(source, pattern.flags);
}

function fieldsOf(c: CompiledSignature, m: RegExpExecArray): Fields {
  if (c.groups !== null) return capturedFields(c.constants, c.groups, m);
  // As `{ ...signature.fields, ...groupsToFields(m.groups) }`: constant fields first, captures override.
  const fields: Fields = {};
  for (let i = 0; i < c.constants.length; i++) fields[c.constants[i][0]] = c.constants[i][1];
  const captured = groupsToFields(m.groups);
  for (const k in captured) fields[k as FieldName] = captured[k as FieldName];
  return withUpstreamParts(fields);
}

/**
 * The fields of a match from its numbered captures: constant fields first, then the first non-empty capture of each
 * name (`host` before `host_2`), then the host and port an `upstream` implies. The log scanner reads a subset of the
 * groups (those naming the upstream) the same way.
 */
export function capturedFields(
  constants: readonly (readonly [FieldName, string])[],
  groups: readonly { index: number; field: FieldName; bit: number }[],
  m: RegExpExecArray,
): Fields {
  const fields: Fields = {};
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
  return withUpstreamParts(fields);
}

function withUpstreamParts(fields: Fields): Fields {
  if (fields.upstream && (!fields.host || !fields.port)) {
    const derived = splitEntries(fields.upstream);
    for (let i = 0; i < derived.length; i++) if (fields[derived[i][0]] === undefined) fields[derived[i][0]] = derived[i][1];
  }
  return fields;
}

const entriesCache = new Map<string, readonly (readonly [FieldName, string])[]>();

/** `splitUpstream` as entries, cached like it. */
function splitEntries(upstream: string): readonly (readonly [FieldName, string])[] {
  let entries = entriesCache.get(upstream);
  if (!entries) {
    entries = Object.entries(splitUpstream(upstream)) as [FieldName, string][];
    if (entriesCache.size >= SPLIT_CACHE_SIZE) entriesCache.clear();
    entriesCache.set(upstream, entries);
  }
  return entries;
}

/**
 * The fields a signature captures from `text` (`lowerText` is `text.toLowerCase()`), or null when it
 * does not match. `keywordKnown`: the caller already found one of the signature's keywords in the text.
 */
export function matchSignature(signature: Signature, text: string, lowerText: string, keywordKnown = false): Fields | null {
  if (!keywordKnown && !hasKeyword(signature, lowerText)) return null;
  return matchWith(compiled(signature), text, lowerText, true);
}

/** A signature prepared for matching (see {@link signatureMatcher}). */
export type SignatureMatcher = CompiledSignature;

/** The matcher of a signature, for callers that try the same signatures on many texts. */
export function signatureMatcher(signature: Signature): SignatureMatcher {
  return compiled(signature);
}

/**
 * `matchSignature` with a matcher; `lowerText` may be given as a function (called only if needed),
 * `checks` are the literal-check statistics to use for this kind of text (default: the signature's).
 */
export function matchWith(
  matcher: SignatureMatcher,
  text: string,
  lowerText: string | (() => string),
  keywordKnown = false,
  checks?: LiteralChecks,
): Fields | null {
  const m = execCompiled(matcher, text, lowerText, keywordKnown, checks);
  return m ? fieldsOf(matcher, m) : null;
}

/**
 * Reads a pattern's source (JavaScript syntax, without the `u`/`v` flags): the named groups with their
 * capture indexes, and the literal runs every match must contain (only ASCII runs of 4+ characters
 * outside alternations and optional parts; the two longest are kept). Anything it does not understand
 * ends a run or makes it give up (no literals, `groups` null): it may miss literals, never invent one.
 */
export function analysePattern(pattern: RegExp): { literals: string[]; groups: { name: string; index: number }[] | null } {
  if (/[uv]/.test(pattern.flags)) return { literals: [], groups: null };
  const src = pattern.source;
  const groups: { name: string; index: number }[] = [];
  let captures = 0;
  let i = 0;
  let failed = false;

  // Returns the literals a disjunction guarantees (none when it has alternatives).
  const disjunction = (): string[] => {
    const alternatives: string[][] = [alternative()];
    while (src[i] === '|') {
      i++;
      alternatives.push(alternative());
    }
    return alternatives.length === 1 ? alternatives[0] : [];
  };

  const alternative = (): string[] => {
    const found: string[] = [];
    let run = '';
    const endRun = () => {
      if (run.length >= 4) found.push(run);
      run = '';
    };
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      const c = src[i];
      let atomChar: string | null = null; // a literal character
      let atomLiterals: string[] | null = null; // a group's guaranteed literals
      if (c === '\\') {
        const e = src[i + 1];
        if (e === undefined) {
          failed = true;
          return [];
        }
        if (/[dDwWsSbBcpPk0-9]/.test(e)) {
          // Classes, assertions, control escapes, back-references: not a fixed character.
          i += 2;
          if (e === 'k' && src[i] === '<') i = src.indexOf('>', i) + 1 || src.length;
          else if (e === 'c' && /[a-zA-Z]/.test(src[i] ?? '')) i++;
          else if (/[0-9]/.test(e)) while (/[0-9]/.test(src[i] ?? '')) i++;
        } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(i + 2, i + 4))) {
          atomChar = String.fromCharCode(Number.parseInt(src.slice(i + 2, i + 4), 16));
          i += 4;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
          atomChar = String.fromCharCode(Number.parseInt(src.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (e === 'n' || e === 't' || e === 'r' || e === 'f' || e === 'v') {
          atomChar = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' }[e];
          i += 2;
        } else if (/[a-zA-Z]/.test(e)) {
          // An identity escape of a letter: legal outside `u` mode but unusual; do not guess.
          i += 2;
        } else {
          atomChar = e;
          i += 2;
        }
      } else if (c === '[') {
        i++;
        if (src[i] === '^') i++;
        if (src[i] === ']') i++;
        while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
        if (i >= src.length) {
          failed = true;
          return [];
        }
        i++;
      } else if (c === '(') {
        i++;
        let capturing = true;
        let lookaround = false;
        if (src[i] === '?') {
          capturing = false;
          if (src[i + 1] === ':') i += 2;
          else if (src[i + 1] === '=' || src[i + 1] === '!') {
            lookaround = true;
            i += 2;
          } else if (src[i + 1] === '<' && (src[i + 2] === '=' || src[i + 2] === '!')) {
            lookaround = true;
            i += 3;
          } else if (src[i + 1] === '<') {
            const close = src.indexOf('>', i);
            if (close < 0) {
              failed = true;
              return [];
            }
            capturing = true;
            captures++;
            groups.push({ name: src.slice(i + 2, close), index: captures });
            i = close + 1;
          } else {
            failed = true;
            return [];
          }
        }
        if (capturing && src[i - 1] !== '>') captures++;
        const inner = disjunction();
        if (src[i] !== ')') {
          failed = true;
          return [];
        }
        i++;
        atomLiterals = lookaround ? [] : inner;
      } else if (c === '.' || c === '^' || c === '$') {
        i++;
      } else if (c === '*' || c === '+' || c === '?') {
        // A quantifier with nothing before it: not valid JavaScript; give up.
        failed = true;
        return [];
      } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i))) {
        failed = true;
        return [];
      } else {
        atomChar = c;
        i++;
      }
      // A quantifier applies to the atom just read.
      let min = 1;
      let quantified = false;
      const q = src[i];
      if (q === '*' || q === '?') {
        min = 0;
        quantified = true;
        i++;
      } else if (q === '+') {
        quantified = true;
        i++;
      } else if (q === '{') {
        const m = /^\{(\d+)(,\d*)?\}/.exec(src.slice(i));
        if (m) {
          min = Number(m[1]);
          quantified = true;
          i += m[0].length;
        }
      }
      if (quantified && src[i] === '?') i++;
      if (atomChar !== null && atomChar.charCodeAt(0) < 128 && atomChar.charCodeAt(0) >= 32) {
        if (!quantified) {
          run += atomChar.toLowerCase();
          continue;
        }
        // "ab+c": "ab" then (at least once) "bc"; "ab?c": "a" and "c".
        if (min >= 1) {
          run += atomChar.toLowerCase();
          endRun();
          run = atomChar.toLowerCase();
        } else endRun();
        continue;
      }
      endRun();
      if (atomLiterals && min >= 1) found.push(...atomLiterals);
    }
    endRun();
    return found;
  };

  const literals = disjunction();
  if (failed || i !== src.length) return { literals: [], groups: null };
  // Flat strings (built by concatenation, they would be flattened on every search).
  const longest = [...new Set(literals)]
    .sort((a, b) => b.length - a.length)
    .slice(0, 2)
    .map((l) => Buffer.from(l, 'latin1').toString('latin1'));
  return { literals: longest, groups };
}

/**
 * Runs every signature over every record; one match per (signature, record). A record's later variants
 * (the JSON-decoded message, a rejoined wrapped line) can only add fields the first match lacked.
 */
export function matchRecords(records: readonly TextRecord[], signatures: readonly Signature[]): SignatureMatch[] {
  const matches: SignatureMatch[] = [];
  records.forEach((record, index) => {
    const found = new Map<Signature, SignatureMatch>();
    for (const variant of record.variants) {
      const lower = variant.toLowerCase();
      for (const signature of signatures) {
        // The keyword check first: most signatures stop there, before being prepared for matching.
        if (!hasKeyword(signature, lower)) continue;
        const c = compiled(signature);
        const m = execCompiled(c, variant, lower, true);
        if (!m) continue;
        const fields = fieldsOf(c, m);
        const previous = found.get(signature);
        if (previous) {
          for (const [k, v] of Object.entries(fields) as [FieldName, string][]) if (previous.fields[k] === undefined) previous.fields[k] = v;
          continue;
        }
        const match = { signature, record: index, incident: record.incident, line: record.line, text: m[0], fields };
        found.set(signature, match);
        matches.push(match);
      }
    }
  });
  return matches;
}
