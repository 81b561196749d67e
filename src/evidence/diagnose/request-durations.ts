import { readLogWindow } from './log-window.js';

/**
 * How long the backend itself says its requests took. Application servers and frameworks log a duration with each
 * finished request ("GET /reports/daily done took=39.48s", Rails/Spring "Completed 200 OK in 39480ms", ASP.NET
 * "Request finished in 39480.12ms 200", morgan "GET /x 200 39480.123 ms", Go "duration=39.48s", Gin "| 200 | 39.48s
 * |"). Set against the proxy's timeout, they answer "does the backend finish, only later than the proxy waits?": work
 * that completes after the proxy gave up is a timeout shorter than the work (timeout-misaligned), not a backend that
 * fails. Only lines that finished a request count: an error, a failure or the backend's own timeout on the line,
 * or a 5xx status, leaves it out. Only application logs are read (a proxy's own durations are its limit, not the
 * backend's work), each whole up to 512 KiB, else its first and last 256 KiB: excerpts are read whole, and in a large
 * log the recent end is where the failures usually are (the streaming scanner could read every line; it does not
 * collect durations of requests that succeeded).
 */

export interface RequestDuration {
  seconds: number;
  file: string;
  line: number;
  /** The request path when the line names it (`/reports/daily`). */
  path?: string;
  /** The line, shortened. */
  said: string;
}

/** How much of the start and of the end of each log is read. */
export const DURATION_WINDOW_BYTES = 256 * 1024;
const MAX_PER_FILE = 200;

/** Log formats of applications (not proxies or load balancers), by the scanner's format id. */
export const APPLICATION_LOG_FORMATS: ReadonlySet<string> = new Set(['spring', 'python', 'go', 'node', 'json', 'unknown']);

const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  millis: 1e-3,
  milliseconds: 1e-3,
  millisecond: 1e-3,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
};

const UNIT = 'ns|[uµ]s|ms|millis(?:econds?)?|s(?:ec(?:ond)?s?)?|min(?:utes?|s)?';
/** A Go-style duration (`39.48s`, `1m2.5s`, `2h0m1s`, `850ms`). */
const GO_DURATION = String.raw`(?:\d+h)?(?:\d+m(?!s))?\d+(?:\.\d+)?(?:ms|s|[uµ]s|ns)`;

/**
 * `1m2.5s` → 62.5; `39480 ms` → 39.48; undefined without a unit (a bare number says nothing: pino's responseTime is ms,
 * Caddy's duration s, zap's latency ns), or when the digits are too many to be a number (Infinity).
 */
export function durationSeconds(written: string): number | undefined {
  const seconds = readDuration(written);
  return seconds !== undefined && Number.isFinite(seconds) ? seconds : undefined;
}

function readDuration(written: string): number | undefined {
  const go = GO_DURATION_PARTS.exec(written);
  if (go) return Number(go[1] ?? 0) * 3600 + Number(go[2] ?? 0) * 60 + Number(go[3]) * (UNIT_SECONDS[go[4]!] ?? 1);
  const m = NUMBER_AND_UNIT.exec(written.trim());
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const factor = UNIT_SECONDS[unit] ?? UNIT_SECONDS[unit.replace(/s$/, '')];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

const GO_DURATION_PARTS = new RegExp(String.raw`^(?:(\d+)h)?(?:(\d+)m(?!s))?(\d+(?:\.\d+)?)(ms|s|[uµ]s|ns)$`);
const NUMBER_AND_UNIT = new RegExp(String.raw`^(\d+(?:\.\d+)?)\s?(${UNIT})$`, 'i');

/**
 * The ways a finished request's duration is written; `duration` is the group to read, with its unit (a key's own
 * unit, as in `duration_ms=39480`, is added by `keyUnit`). The line must also say it is about a request (REQUEST).
 */
const READINGS: readonly RegExp[] = [
  // took=39.48s · duration: 1m2s · elapsed=39480ms · latency="39.48s" · "responseTime": "39480 ms" · duration_ms=39480
  new RegExp(
    String.raw`\b(?:took|duration|elapsed(?:[_ ]?time)?|latency|response[_ ]?time|request[_ ]?time|time[_ ]?taken|processing[_ ]?time)(?<keyUnit>[_-]?(?:ms|millis|secs?|seconds)|Ms|Millis|Secs?|Seconds)?["']?\s*(?:[=:]\s*|\s+)["']?(?<duration>${GO_DURATION}|\d+(?:\.\d+)?(?:\s?(?:${UNIT}))?)(?![\w.])`,
    'i',
  ),
  // Completed 200 OK in 39480ms · Request finished in 39480.12ms · done in 39.48 s · - 200 61B in 39.48s
  new RegExp(
    String.raw`\b(?:completed|finished|done|processed|served|handled|responded|[1-4]\d\d)\b[^|\n]{0,60}?\sin\s(?<duration>${GO_DURATION}|\d+(?:\.\d+)?\s?(?:${UNIT}))(?![\w.])`,
    'i',
  ),
  // morgan: GET /reports 200 39480.123 ms - 61
  new RegExp(String.raw`\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+ [1-4]\d\d (?<duration>\d+(?:\.\d+)? ?(?:${UNIT}))(?![\w.])`),
  // ASP.NET Core: Request finished HTTP/1.1 GET http://api/export - 200 - text/csv 75210.3321ms
  new RegExp(String.raw`\bRequest finished\b.*\s(?<duration>\d+(?:\.\d+)?ms)\s*$`),
  // Gin: | 200 |   39.48s |
  new RegExp(String.raw`\|\s*[1-4]\d\d\s*\|\s*(?<duration>${GO_DURATION})\s*\|`),
];

/** The line is about a request: a method and a path, the word request/response, or a status with its reason or key. */
const REQUEST =
  /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+"?(?:https?:\/\/\S+)?\/|\b(?:requests?|response)\b|\b[1-4]\d\d (?:OK|Created|Accepted|No Content|Partial Content|Found|See Other|Not Modified|Bad Request|Unauthorized|Forbidden|Not Found)\b|["']?status(?:_?code)?["']?\s*[=:]\s*["']?[1-5]\d\d\b/i;
/** The request did not finish well: the backend's own error, failure or timeout, or a 5xx. */
const FAILED =
  /\b(?:ERROR|FATAL|CRITICAL|exceptions?|errors?|fail(?:ed|ure|s)?|timed?[ -]?out|timeouts?|abort(?:ed)?|cancel(?:l)?ed|broken pipe|reset)\b|["']?status(?:_?code)?["']?\s*[=:]\s*["']?5\d\d\b|\s5\d\d\s/i;
const PATH =
  /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(?:https?:\/\/[^/\s]+)?(\/[^\s"?]*)|["']?(?:path|uri|url|route)["']?\s*[=:]\s*["']?(?:https?:\/\/[^/\s"]+)?(\/[^\s"',?]*)/i;

/** The finished requests' durations a log text states, with where (`firstLine`: the text's first line number, 0 when not known). */
export function findRequestDurations(file: string, text: string, firstLine = 1): RequestDuration[] {
  const out: RequestDuration[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.length < MAX_PER_FILE; i++) {
    const line = lines[i]!;
    if (line.length > 4096 || !/\d/.test(line)) continue;
    if (!REQUEST.test(line)) continue;
    for (const pattern of READINGS) {
      const m = pattern.exec(line);
      const written = m?.groups?.duration;
      if (!m || written === undefined) continue;
      const keyUnit = m.groups?.keyUnit?.replace(/^[_-]/, '');
      const value = durationSeconds(/^\d+(?:\.\d+)?$/.test(written) && keyUnit ? `${written}${keyUnit.toLowerCase()}` : written);
      if (value === undefined) continue;
      if (FAILED.test(line)) break;
      const path = PATH.exec(line);
      out.push({
        seconds: value,
        file,
        line: firstLine === 0 ? 0 : firstLine + i,
        ...(path ? { path: (path[1] ?? path[2])! } : {}),
        said: line.trim().slice(0, 200),
      });
      break;
    }
  }
  return out;
}

/**
 * Reads each plain-text file whole up to twice the window, else its first and last window (line numbers in the last
 * one are not known: 0), and collects the durations it states.
 */
export function readRequestDurations(files: readonly { display: string; path: string }[]): RequestDuration[] {
  const out: RequestDuration[] = [];
  for (const f of files) {
    const window = readLogWindow(f.path, DURATION_WINDOW_BYTES, DURATION_WINDOW_BYTES);
    if (!window) continue;
    out.push(...findRequestDurations(f.display, window.head));
    if (window.tail !== undefined) out.push(...findRequestDurations(f.display, window.tail, 0));
  }
  return out;
}

/** The request path a log line names (`GET /reports/daily?x` → `/reports/daily`), if any. */
export function requestPath(line: string): string | undefined {
  const m = PATH.exec(line);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** `/reports/daily` → `/reports`: requests to the same endpoint family. */
export function firstSegment(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const m = /^\/[^/?#]*/.exec(path);
  return m ? m[0] : undefined;
}
