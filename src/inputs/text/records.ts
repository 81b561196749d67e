import { stripControl } from './sanitize.js';

/**
 * A logical message in a paste: one log record, possibly spread over several physical lines
 * (terminal wrapping, stack traces), with the text variants the matcher should look at.
 */
export interface TextRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  /** Texts to match: the joined record first, then (if different) each physical line, JSON messages. */
  variants: string[];
  /** Hints about the environment seen in prefixes (compose service prefix, kubectl prefix, …). */
  hints: string[];
  /**
   * Records of one event share an incident number: an exception and its `Caused by:` chain are one
   * failure seen at several layers, not several failures.
   */
  incident: number;
  /** The container/pod that printed the record, from a collector prefix (`proxy-1  | ` → `proxy`). */
  source?: string;
  /** A log line (timestamp, level or collector prefix) rather than prose a person wrote. */
  logLike: boolean;
}

/** Lines that continue the previous event's story rather than start a new one. */
const CAUSE_CHAIN = /^\s*(?:Caused by:|\[cause\]:|cause:|at\s|\.\.\. \d+ (?:more|common)|nested exception is|Suppressed:)/;

/** Prefixes added by log collectors; removed before deciding where a record starts. */
const COLLECTOR_PREFIXES: readonly { pattern: RegExp; hint: string }[] = [
  // docker compose: "api-1  | ", "nginx_1    | "
  { pattern: /^(?<name>[a-z0-9][\w.-]*?)[-_]\d+\s+\|\s?/i, hint: 'compose' },
  // kubectl logs --prefix: "[pod/web-7d9c/nginx] "
  { pattern: /^\[pod\/(?<name>[^\]\s/]+)\/[^\]\s]+\]\s?/, hint: 'kubernetes' },
  // stern: "web-7d9c nginx "  (too ambiguous to strip reliably) — not handled.
];

const RECORD_START =
  /^(?:(?:https?|h2|grpcs?|wss?|tls) \d{4}-\d\d-\d\dT|\d+[smhd](?:\d+[smh])?\s+(?:Normal|Warning)\b|\s+(?:Normal|Warning)\s+[A-Z]\w+\s|LAST SEEN\b|\d{4}[-/]\d\d[-/]\d\d|\[\d{4}-\d\d-\d\d|\[?\d\d\/\w{3}\/\d{4}|\w{3} [ \d]\d \d\d:\d\d:\d\d|\[?\d\d:\d\d:\d\d|[IWEF]\d{4} \d\d:|\{|\[[A-Z][a-z]{2} [A-Z][a-z]{2} |(?:ERROR|WARN(?:ING)?|INFO|DEBUG|TRACE|FATAL|CRITICAL|error|warn|level=)\b|\s*at\s|\s*Caused by:|\s*\.\.\. \d+ (?:more|common)|Traceback|[A-Za-z_$][\w$]*(?:\.[\w$]+)+(?:Exception|Error)\b|[A-Z]\w*(?:Exception|Error)\b|[<>*] |curl: |HTTP\/\d|\d{1,3}(?:\.\d{1,3}){3}[ :]|[A-Za-z]+Error:|Error:|panic:|goroutine \d|upstream connect error|no healthy upstream|\$ |# |kubectl |docker |Warning |Normal |\s*-\s)/;

/** Timestamps, levels and structured lines: text a program printed. */
const LOG_LINE =
  /^(?:\d{4}[-/]\d\d[-/]\d\d|\[?\d{4}-\d\d-\d\d|\[?\d\d\/\w{3}\/\d{4}|\w{3} [ \d]\d \d\d:\d\d|\[?\d\d:\d\d:\d\d|[IWEF]\d{4} |\{|\[(?:[A-Z]+|\w+:\w+)\]|(?:ERROR|WARN(?:ING)?|INFO|DEBUG|TRACE|FATAL|CRITICAL)\b|level=|\s*at\s|Caused by:|\/[\w-]+\.sh:|>\s)/;

const MAX_RECORD_CHARS = 64 * 1024;

/** Splits pasted text into logical records. Terminal-wrapped lines are rejoined. */
export function splitRecords(input: string): TextRecord[] {
  const text = stripControl(input.replace(/\r\n?/g, '\n'));
  const physical = expandEscapedNewlines(text.split('\n'));
  const wrapWidth = detectWrapWidth(physical);
  const records: TextRecord[] = [];
  type Building = { line: number; parts: string[]; joined: string; tight: string; hints: Set<string>; source?: string };
  let current: Building | null = null;

  const flush = () => {
    if (!current) return;
    // Where a line break fell is ambiguous (inside a word or at a space); matching both joins is cheap.
    const variants = current.parts.length > 1 ? [current.joined, current.tight] : [current.joined];
    if (current.parts.length > 1) for (const p of current.parts) if (p.trim()) variants.push(p);
    for (const v of [...variants]) for (const m of jsonMessages(v)) variants.push(m);
    const previous = records.at(-1);
    const incident = previous && CAUSE_CHAIN.test(current.parts[0] ?? '') ? previous.incident : records.length;
    const logLike = current.hints.size > 0 || LOG_LINE.test(current.parts[0] ?? '');
    records.push({ line: current.line, variants: unique(variants), hints: [...current.hints], incident, source: current.source, logLike });
    current = null;
  };

  physical.forEach((raw, index) => {
    let body = raw;
    const hints = new Set<string>();
    let source: string | undefined;
    for (const prefix of COLLECTOR_PREFIXES) {
      const m = prefix.pattern.exec(body);
      if (m) {
        body = body.slice(m[0].length);
        hints.add(prefix.hint);
        source ??= m.groups?.name;
      }
    }
    // Quotes escaped by a copy from a JSON string (upstream: \"http://…\") — but a JSON line keeps its escapes.
    if (!looksLikeJson(body)) body = body.replace(/\\"/g, '"');
    if (body.trim() === '') {
      flush();
      return;
    }
    // `curl -v` prints one response header per `< ` line; they belong together (status + server header).
    const continuesHeaders = current !== null && body.startsWith('< ') && (current as { parts: string[] }).parts.at(-1)?.startsWith('< ');
    const startsRecord = !current || (!continuesHeaders && RECORD_START.test(body)) || current.joined.length > MAX_RECORD_CHARS;
    if (startsRecord) {
      flush();
      current = { line: index + 1, parts: [body], joined: body, tight: body, hints, source };
      return;
    }
    const active = current as unknown as Building;
    const previous = active.parts[active.parts.length - 1] ?? '';
    // A line cut at the terminal width continues mid-word; anything else was broken at a space.
    const glue = wrapWidth && previous.length === wrapWidth ? '' : previous.endsWith(' ') || body.startsWith(' ') ? '' : ' ';
    active.parts.push(body);
    active.joined += glue + body;
    active.tight += body.replace(/^\s+/, '');
    for (const h of hints) active.hints.add(h);
  });
  flush();
  return records;
}

/** JSON-escaped newlines inside one long line (a log shipper's "log" field) become real lines. */
function expandEscapedNewlines(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    // Two or more escaped newlines mean a whole excerpt was flattened; a single one is usually data ('…\\r\\n').
    if ((line.match(/\\n/g)?.length ?? 0) >= 2 && !looksLikeJson(line)) out.push(...line.split('\\n').map((l) => l.replace(/\\t/g, '\t')));
    else out.push(line);
  }
  return out;
}

function detectWrapWidth(lines: string[]): number | null {
  const counts = new Map<number, number>();
  for (const l of lines) if (l.length >= 60) counts.set(l.length, (counts.get(l.length) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 1;
  for (const [len, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== null && len > best)) {
      best = len;
      bestCount = n;
    }
  }
  if (best !== null && bestCount >= 2) return best;
  for (const w of [80, 100, 120, 132, 160, 200]) if (counts.has(w)) return w;
  return null;
}

function looksLikeJson(line: string): boolean {
  const t = line.trim();
  return t.startsWith('{') && t.endsWith('}');
}

const MESSAGE_KEYS = new Set([
  'log',
  'message',
  'msg',
  'MESSAGE',
  'textPayload',
  'error',
  'err',
  'exception',
  'stack_trace',
  'stack',
  'detail',
  'reason',
  'error.message',
  'statusDetails',
]);

/** String values worth matching inside a JSON log line (Docker json-file, GCP, Envoy, structured app logs). */
export function jsonMessages(text: string): string[] {
  const t = text.trim();
  const start = t.indexOf('{');
  if (start < 0 || !t.endsWith('}') || t.length > MAX_RECORD_CHARS) return [];
  let value: unknown;
  try {
    value = JSON.parse(t.slice(start));
  } catch {
    return [];
  }
  const out: string[] = [];
  const pairs: string[] = [];
  const walk = (v: unknown, key: string, depth: number) => {
    if (depth > 6) return;
    if (typeof v === 'string') {
      if (MESSAGE_KEYS.has(key) || /(?:message|error|reason|details?)$/i.test(key)) out.push(...v.split('\n').filter((s) => s.trim()));
      pairs.push(`${key}=${v}`);
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      pairs.push(`${key}=${String(v)}`);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, key, depth + 1);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) walk(child, k, depth + 1);
    }
  };
  walk(value, '', 0);
  // A flat "key=value …" rendering lets structured signatures (Envoy/GCP JSON) match on field names.
  if (pairs.length) out.push(pairs.join(' '));
  return out;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
