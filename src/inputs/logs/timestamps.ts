/**
 * Timestamps as log formats print them, turned into epoch milliseconds (NaN when absent).
 * Only matched lines and event markers are parsed, so these favour clarity over raw speed.
 * Timestamps without a zone (nginx error log, Spring, Python…) are read as UTC: logs rarely say
 * which zone the server used, and one consistent reading keeps bursts and events aligned.
 */

const MONTHS: Readonly<Record<string, number>> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

function monthIndex(name: string): number {
  return MONTHS[name.slice(0, 3).toLowerCase()] ?? Number.NaN;
}

function fractionMs(fraction: string | undefined): number {
  return fraction ? Number(`0.${fraction}`) * 1000 : 0;
}

/** `Z`, `+01:00`, `+0100`, `-05` → minutes east of UTC; undefined → 0 (read as UTC). */
function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d\d):?(\d\d)?$/.exec(zone);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

function utc(year: number, month: number, day: number, h: number, min: number, s: number, ms: number, zone?: string): number {
  if (Number.isNaN(month)) return Number.NaN;
  return Date.UTC(year, month, day, h, min, s, ms) - offsetMinutes(zone) * 60_000;
}

// 2024-03-12T09:14:02.123Z · 2024-03-12 09:14:02,123 · 2024/03/12 09:14:02 · 2024-03-12T09:14:02+01:00
const ISO = /(\d{4})[-/](\d\d)[-/](\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(?:\s?(Z|[+-]\d\d(?::?\d\d)?)(?![\d:]))?/;
// 12/Mar/2024:09:14:02 +0000 (CLF) · 12/Mar/2024:09:14:02.123 (HAProxy)
const CLF = /(\d\d)\/([A-Za-z]{3})\/(\d{4}):(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?: ([+-]\d{4}))?/;
// Tue Mar 12 09:14:02.123456 2024 (Apache error log)
const CTIME = /[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? (\d{4})/;
// Mar 12 09:14:02 (syslog, no year)
const SYSLOG = /^(?:<\d+>)?([A-Za-z]{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/;
// I0312 09:14:02.123456 (klog, no year)
const KLOG = /^[IWEF](\d\d)(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/;

export function parseIso(text: string): number {
  const m = ISO.exec(text);
  if (!m) return Number.NaN;
  return utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), fractionMs(m[7]), m[8]);
}

export function parseClf(text: string): number {
  const m = CLF.exec(text);
  if (!m) return Number.NaN;
  const zone = m[8] ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : undefined;
  return utc(Number(m[3]), monthIndex(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), fractionMs(m[7]), zone);
}

export function parseCtime(text: string): number {
  const m = CTIME.exec(text);
  if (!m) return Number.NaN;
  return utc(Number(m[7]), monthIndex(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), fractionMs(m[6]));
}

export function parseSyslog(text: string, year: number): number {
  const m = SYSLOG.exec(text);
  if (!m) return Number.NaN;
  return utc(year, monthIndex(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), fractionMs(m[6]));
}

export function parseKlog(text: string, year: number): number {
  const m = KLOG.exec(text);
  if (!m) return Number.NaN;
  return utc(year, Number(m[1]) - 1, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), fractionMs(m[6]));
}

/** Epoch seconds (10 digits, maybe fractional), milliseconds (13) or nanoseconds (19). */
export function parseEpoch(value: number | string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0) return Number.NaN;
  if (n < 1e11) return Math.round(n * 1000);
  if (n < 1e14) return Math.round(n);
  if (n < 1e17) return Math.round(n / 1000);
  return Math.round(n / 1e6);
}

/**
 * Finds a timestamp in the first part of a line, whatever the format: ISO-8601/RFC 3339 and its
 * nginx/Python spellings, CLF, ctime, then the year-less syslog and klog forms (year given).
 */
export function findTimestamp(text: string, referenceYear: number): number {
  const head = text.length > 160 ? text.slice(0, 160) : text;
  const dated = findDatedTimestamp(head);
  if (!Number.isNaN(dated)) return dated;
  const s = parseSyslog(head, referenceYear);
  return Number.isNaN(s) ? parseKlog(head, referenceYear) : s;
}

/** A timestamp that includes its year (ISO-8601 and its spellings, CLF, ctime), or NaN. */
export function findDatedTimestamp(text: string): number {
  for (const parse of [parseIso, parseClf, parseCtime]) {
    const t = parse(text);
    if (!Number.isNaN(t)) return t;
  }
  return Number.NaN;
}

/** `5m`, `2m30s`, `3h`, `2d4h`, `45s` (kubectl ages) → milliseconds, NaN when not an age. */
export function parseAge(text: string): number {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === '') return Number.NaN;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((v) => Number(v ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

export function isoString(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
