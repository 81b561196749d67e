import { findTimestamp, parseAge, parseCtime, parseEpoch, parseIso } from '../timestamps.js';
import type { LogFormat, TimeContext } from './types.js';

/** Error logs and application logs: only lines with a signature keyword are looked at. */

const NGINX_ERROR = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(?:debug|info|notice|warn|error|crit|alert|emerg)\] \d+#\d+: /;

/** nginx's `YYYY/MM/DD HH:MM:SS [` line start, whose time the previous line usually shares. */
const NGINX_STAMP = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[/;
let lastStamp = '';
let lastStampTime = Number.NaN;

/**
 * `parseIso(line)` for nginx error lines, remembering the last line start: a line that starts like
 * `2024/03/12 09:14:02 [` has exactly that time (no fraction, no zone can follow), whatever comes after.
 */
function nginxErrorTime(line: string): number {
  if (lastStamp !== '' && line.startsWith(lastStamp)) return lastStampTime;
  const time = parseIso(line);
  if (NGINX_STAMP.test(line)) {
    lastStamp = line.slice(0, 21);
    lastStampTime = time;
  }
  return time;
}

export const nginxError: LogFormat = {
  id: 'nginx-error',
  label: 'nginx error log',
  platforms: ['nginx', 'ingress-nginx', 'kong', 'os'],
  detect: (line) => NGINX_ERROR.test(line),
  time: nginxErrorTime,
  // nginx logs upstream failures at warn and above; info/notice lines are client-side or lifecycle events.
  notFailure: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(?:debug|info|notice)\] /,
};

/** Kong writes nginx's error-log layout, with `[kong]` / `[lua]` parts. */
export const kongError: LogFormat = {
  ...nginxError,
  id: 'kong',
  label: 'Kong (nginx error log)',
  platforms: ['kong', 'nginx', 'os'],
  refines: 'nginx-error',
  detect: (line) => NGINX_ERROR.test(line) && /\[(?:kong|lua)\]/.test(line),
};

export const apacheError: LogFormat = {
  id: 'apache-error',
  label: 'Apache httpd error log',
  platforms: ['apache', 'os'],
  detect: (line) => /^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d+)? \d{4}\] \[[\w:]+\] /.test(line),
  time: (line) => parseCtime(line),
};

const SPRING_HEAD = /^(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?\S*|\d\d:\d\d:\d\d\.\d{3})\s/;

export const spring: LogFormat = {
  id: 'spring',
  label: 'Java / Spring Boot application log',
  detect: (line) =>
    /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d[.,]\d{3}\S*\s+(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+\d+ --- /.test(line) ||
    /^(?:\d{4}-\d\d-\d\d[ T])?\d\d:\d\d:\d\d[.,]\d{3} \[[^\]]+\] (?:TRACE|DEBUG|INFO|WARN|ERROR)\s/.test(line) ||
    /^\s+at (?:[\w$]+\.)+[\w$<>]+\([\w$]+\.(?:java|kt|scala):\d+\)/.test(line),
  time: (line, ctx) => findTimestamp(line, ctx.referenceYear),
  // Records start with a timestamp; everything else (exception lines, "at …", "Caused by:") continues one.
  continuation: new RegExp(`^(?!${SPRING_HEAD.source.slice(1)})`),
};

const PYTHON_HEAD = /^(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d|\[\d{4}-\d\d-\d\d|(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):)/;

export const python: LogFormat = {
  id: 'python',
  label: 'Python application log',
  detect: (line) =>
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\b/.test(line) ||
    /^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]+:/.test(line) ||
    /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] \[\d+\] \[[A-Z]+\]/.test(line) ||
    /^Traceback \(most recent call last\):/.test(line),
  time: (line, ctx) => findTimestamp(line, ctx.referenceYear),
  continuation: new RegExp(`^(?!${PYTHON_HEAD.source.slice(1)})`),
};

export const go: LogFormat = {
  id: 'go',
  label: 'Go application log',
  detect: (line) =>
    /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? (?!\[)/.test(line) ||
    /^time="[^"]+" level=\w+ /.test(line) ||
    /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)\t[A-Z]+\t/.test(line),
  time: (line, ctx) => findTimestamp(line.startsWith('time="') ? line.slice(6) : line, ctx.referenceYear),
  continuation: /^(?:\s|goroutine \d|panic:|$)/,
};

export const node: LogFormat = {
  id: 'node',
  label: 'Node.js application log',
  detect: (line) =>
    /^\s+at .+ \((?:node:|file:|\/|[A-Z]:\\).*:\d+:\d+\)$/.test(line) ||
    /^(?:\w*Error|Error): (?:connect|getaddrinfo|read|write|socket) /.test(line) ||
    /^\{"level":\d{2},"time":\d{13}/.test(line),
  time: (line, ctx) => jsonTime(line) ?? findTimestamp(line, ctx.referenceYear),
  continuation: /^(?:\s+at |\s+\[|\s*\}|\s+\w+: |\s*$)/,
  json: true,
};

/** Structured application logs (one JSON object per line) that no proxy format claimed. */
export const jsonApp: LogFormat = {
  id: 'json',
  label: 'JSON lines (application log)',
  detect: (line) => line.startsWith('{') && line.endsWith('}') && /"(?:msg|message|log|error|err|level)"\s*:/.test(line),
  time: (line, ctx) => jsonTime(line) ?? findTimestamp(line, ctx.referenceYear),
  json: true,
};

/** Caddy logs JSON; its access records are read as a request log, errors by their message. */
export function caddyTime(text: string, ctx: TimeContext): number {
  return /^\d+(?:\.\d+)?$/.test(text) ? parseEpoch(text) : (jsonTime(text) ?? findTimestamp(text, ctx.referenceYear));
}

const KUBECTL_ROW = /^(?:[a-z0-9][-a-z0-9.]*\s+)?(?:<unknown>|\d+[smhd][\dsmhd]*(?: \(x\d+ over [\dsmhd]+\))?)\s+(?:Normal|Warning)\s+\w+\s+\S+\/\S+\s/;

export const kubectlEvents: LogFormat = {
  id: 'kubectl-events',
  label: 'kubectl get events',
  detect: (line) => KUBECTL_ROW.test(line) || /^(?:NAMESPACE\s+)?LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/.test(line),
  // Ages are relative to when kubectl ran: the file's modification time (or now, for stdin).
  time: (line, ctx) => {
    const m = /^(?:[a-z0-9][-a-z0-9.]*\s+)?(\d+[smhd][\dsmhd]*)\s/.exec(line);
    const age = m ? parseAge(m[1]) : Number.NaN;
    return Number.isNaN(age) ? Number.NaN : ctx.referenceTime - age;
  },
  repeat: (line) => {
    const m = /\(x(\d+) over /.exec(line);
    return m ? Number(m[1]) : 1;
  },
};

/** Anything else: every signature is tried, timestamps are searched at the start of each line. */
export const unknownFormat: LogFormat = {
  id: 'unknown',
  label: 'unrecognised (generic text)',
  detect: () => false,
  time: (line, ctx) => (line.startsWith('{') ? (jsonTime(line) ?? findTimestamp(line, ctx.referenceYear)) : findTimestamp(line, ctx.referenceYear)),
  continuation: /^(?:\s+at |\s+\.\.\. \d+ more|Caused by: |\s+File ")/,
  json: true,
};

/** `"time": 1710234842123`, `"ts": 1710234842.12`, `"timestamp": "2024-…"` in a JSON line. */
function jsonTime(line: string): number | null {
  const m = /"(?:time|ts|timestamp|@timestamp|StartUTC|start_time)"\s*:\s*"?([^",}]+)/.exec(line);
  if (!m) return null;
  const value = m[1];
  const t = /^\d+(?:\.\d+)?$/.test(value) ? parseEpoch(value) : parseIso(value);
  return Number.isNaN(t) ? null : t;
}
