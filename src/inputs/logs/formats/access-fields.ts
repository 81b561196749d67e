/**
 * The request-log fields updoc reads, whatever the product calls them. Parsers record where each
 * field sits in the line (byte spans) so that the per-line hot path never builds strings; only lines
 * that may be failures are decoded into {@link AccessFields}.
 */
export const ACCESS_FIELDS = [
  'time',
  'status', // status sent to the client
  'peers', // upstream address(es) tried; nginx lists retries as "a, b : c"
  'peerStatus', // status per attempt (nginx $upstream_status)
  'connectTime', // seconds per attempt (nginx $upstream_connect_time)
  'headerTime',
  'responseTime',
  'requestTime', // seconds for the whole request
  'durationMs', // milliseconds for the whole request (Envoy, Traefik)
  'pool', // upstream{} / cluster / backend / target group / router: where no peer was chosen
  'flags', // Envoy response flags
  'termination', // HAProxy termination state
  'timers', // HAProxy Tq/Tw/Tc/Tr/Ta or Tw/Tc/Tt
  'targetStatus', // ALB target_status_code, Traefik OriginStatus
  'details', // Envoy response code details, GCP statusDetails
  'transportFailure', // Envoy upstream transport failure reason
  'targetTime', // ALB target_processing_time (seconds)
] as const;
export type AccessField = (typeof ACCESS_FIELDS)[number];
export type AccessFields = Partial<Record<AccessField, string>>;

export const FIELD_INDEX: Readonly<Record<AccessField, number>> = Object.fromEntries(ACCESS_FIELDS.map((f, i) => [f, i])) as Record<AccessField, number>;

/** Two slots per field: start and end byte offset, -1 when the line does not have it. */
export function newSpans(): Int32Array {
  return new Int32Array(ACCESS_FIELDS.length * 2).fill(-1);
}

/** The span slot (index into the spans array) of a field. */
export function slotOf(field: AccessField): number {
  return FIELD_INDEX[field] * 2;
}

export function spanOf(spans: Int32Array, field: AccessField): [number, number] | null {
  const i = FIELD_INDEX[field] * 2;
  return spans[i] < 0 ? null : [spans[i], spans[i + 1]];
}

export function decodeSpans(buf: Buffer, spans: Int32Array): AccessFields {
  const out: AccessFields = {};
  ACCESS_FIELDS.forEach((field, i) => {
    if (spans[2 * i] >= 0) out[field] = buf.toString('utf8', spans[2 * i], spans[2 * i + 1]);
  });
  return out;
}

/** `decodeSpans` for an ASCII line already decoded as `text` (starting at byte `base`): slices, no decoding. */
export function sliceSpans(text: string, base: number, spans: Int32Array): AccessFields {
  const out: AccessFields = {};
  for (let i = 0; i < ACCESS_FIELDS.length; i++) if (spans[2 * i] >= 0) out[ACCESS_FIELDS[i]] = text.slice(spans[2 * i] - base, spans[2 * i + 1] - base);
  return out;
}

// Byte-level readers for the hot path.

/** A three-digit status at `start`, or -1. */
export function statusAt(buf: Buffer, start: number, end: number): number {
  if (end - start < 3) return -1;
  const a = buf[start] - 48;
  const b = buf[start + 1] - 48;
  const c = buf[start + 2] - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}

export function isGatewayError(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

/** Whether a status list such as "502, 200 : 504" holds a 502/503/504. */
export function listHasGatewayError(buf: Buffer, start: number, end: number): boolean {
  let i = start;
  while (i + 3 <= end) {
    const b = buf[i];
    if (b === 53 /* 5 */ && buf[i + 1] === 48 && (buf[i + 2] === 50 || buf[i + 2] === 51 || buf[i + 2] === 52)) {
      const after = i + 3 < end ? buf[i + 3] : 32;
      const before = i > start ? buf[i - 1] : 32;
      if ((after < 48 || after > 57) && (before < 48 || before > 57)) return true;
    }
    i++;
  }
  return false;
}

export function isDash(buf: Buffer, start: number, end: number): boolean {
  return end - start === 1 && buf[start] === 45;
}

/**
 * First occurrence of `needle` in buf[from, end), or -1. A plain loop: for the short hops inside one
 * line it is several times cheaper than Buffer#indexOf, whose per-call cost dominates at this scale.
 */
export function findBytes(buf: Buffer, needle: Buffer, from: number, end: number): number {
  const first = needle[0];
  const n = needle.length;
  const last = end - n;
  outer: for (let i = from; i <= last; i++) {
    if (buf[i] !== first) continue;
    for (let j = 1; j < n; j++) if (buf[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export function startsWithBytes(buf: Buffer, start: number, end: number, prefix: Buffer): boolean {
  const n = prefix.length;
  if (end - start < n || start < 0) return false;
  for (let j = 0; j < n; j++) if (buf[start + j] !== prefix[j]) return false;
  return true;
}

/** A character that can start a separator or be trimmed (`\s` is exactly what `isSpace` accepts). */
const SEPARATOR_OR_SPACE = /[\s,]/;

/**
 * Splits a list field ("a, b : c") into its items: `value.split(/\s*,\s*|\s+:\s+/)`, each trimmed, empty
 * ones dropped, written out (a regex split tries the pattern at every character; this runs on every
 * failing request line).
 */
export function listItems(value: string | undefined): string[] {
  if (value === undefined) return [];
  // Most values are one item ("10.0.0.1:80", "502", "0.004"): no comma or white space, nothing to split or trim.
  if (!SEPARATOR_OR_SPACE.test(value)) return value === '' ? [] : [value];
  const items: string[] = [];
  const n = value.length;
  let itemStart = 0;
  for (let i = 0; i < n; ) {
    // Only a space or a comma can start a separator.
    const c = value.charCodeAt(i);
    const end = c === 44 || isSpace(c) ? separatorEnd(value, i) : -1;
    if (end < 0) {
      i++;
      continue;
    }
    pushTrimmed(items, value, itemStart, i);
    itemStart = i = end;
  }
  pushTrimmed(items, value, itemStart, n);
  return items;
}

/** Adds `value[start, end)` trimmed, unless that is empty. */
function pushTrimmed(items: string[], value: string, start: number, end: number): void {
  let a = start;
  let z = end;
  while (a < z && isSpace(value.charCodeAt(a))) a++;
  while (z > a && isSpace(value.charCodeAt(z - 1))) z--;
  if (z > a) items.push(a === 0 && z === value.length ? value : value.slice(a, z));
}

/** Where `\s*,\s*` or else `\s+:\s+` matching at `i` ends, or -1 (neither matches there). */
function separatorEnd(value: string, i: number): number {
  let j = i;
  while (j < value.length && isSpace(value.charCodeAt(j))) j++;
  const spaces = j - i;
  const c = value.charCodeAt(j);
  if (c === 44 /* , */) {
    j++;
    while (j < value.length && isSpace(value.charCodeAt(j))) j++;
    return j;
  }
  if (c !== 58 /* : */ || spaces === 0) return -1;
  const after = ++j;
  while (j < value.length && isSpace(value.charCodeAt(j))) j++;
  return j > after ? j : -1;
}

/** The characters of RegExp `\s` (and of `String.prototype.trim`). */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

/** "0.005" seconds → 5 ms; "-" or garbage → undefined. */
export function secondsToMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

export function numberOrUndefined(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? n : undefined;
}
