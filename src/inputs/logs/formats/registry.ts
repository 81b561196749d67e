import { findTimestamp, parseClf, parseEpoch, parseIso } from '../timestamps.js';
import { newSpans, spanOf, statusAt } from './access-fields.js';
import { albLayout, elbLayout, gcpLayout } from './layouts/cloud.js';
import { envoyJsonLayout, envoyTextLayout, istioTextLayout } from './layouts/envoy.js';
import { caddyAccessLayout, traefikClfLayout, traefikJsonLayout } from './layouts/go-proxies.js';
import { haproxyLayout } from './layouts/haproxy.js';
import { ingressNginxLayout, nginxCombinedLayout, nginxFormatLayout } from './layouts/nginx.js';
import { apacheError, caddyTime, go, jsonApp, kongError, kubectlEvents, nginxError, node, python, spring, unknownFormat } from './text-formats.js';
import type { LogFormat } from './types.js';

const CLF_PREFIX = /^\S+ \S+ \S+ \[\d\d\/[A-Za-z]{3}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "[^"]*" \d{3} /;
const ISO_BRACKET = /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] "[^"]*" \d{1,3} /;
const timeOf = (text: string) => (/^\d+(?:\.\d+)?$/.test(text) ? parseEpoch(text) : isoTime(text));

/**
 * `parseIso` for a time field, with a fast path for the RFC 3339 UTC form proxies write
 * (`2024-03-12T09:14:02.123Z`): the same arithmetic as `parseIso`, without the regex, and the second
 * the previous field was in remembered (`Date.UTC` truncates milliseconds: base + ms is the same).
 */
function isoTime(text: string): number {
  const n = text.length;
  if (n < 20 || n > 30 || text.charCodeAt(n - 1) !== 90 /* Z */) return parseIso(text);
  let fraction = 0;
  if (n > 20) {
    // ".f" to ".fffffffff" then Z. parseIso's Number(`0.${f}`) is the double nearest f / 10^k, which is
    // what dividing the two (exact) integers gives too.
    const k = n - 21;
    const f = k >= 1 && k <= 9 && text.charCodeAt(19) === 46 ? digitsAt(text, 20, k) : Number.NaN;
    if (Number.isNaN(f)) return parseIso(text);
    fraction = Math.trunc((f / POWERS_OF_TEN[k]) * 1000);
  }
  if (lastSecond !== '' && text.startsWith(lastSecond)) return lastSecondTime + fraction;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const separators =
    text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && text.charCodeAt(10) === 84 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58;
  if (!separators || Number.isNaN(year + month + day + hour + minute + second)) return parseIso(text);
  lastSecond = text.slice(0, 19);
  lastSecondTime = Date.UTC(year, month - 1, day, hour, minute, second, 0);
  return lastSecondTime + fraction;
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];
let lastSecond = '';
let lastSecondTime = Number.NaN;

function digitsAt(text: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return v;
}

const nginxAccess: LogFormat = {
  id: 'nginx-access',
  label: 'nginx access log',
  platforms: ['nginx', 'os'],
  detect: (line) => CLF_PREFIX.test(line),
  time: (text) => parseClf(text),
  access: nginxCombinedLayout,
};

const ingressNginx: LogFormat = {
  id: 'ingress-nginx',
  label: 'ingress-nginx controller log',
  platforms: ['nginx', 'ingress-nginx', 'kubernetes', 'os'],
  detect: (line) => CLF_PREFIX.test(line) && /"[^"]*" "[^"]*" \d+ [\d.]+ \[[^\]]*\] \[[^\]]*\] /.test(line),
  time: (text, ctx) => parseClf(text) || findTimestamp(text, ctx.referenceYear),
  notFailure: nginxError.notFailure,
  access: ingressNginxLayout,
};

const traefik: LogFormat = {
  id: 'traefik',
  label: 'Traefik access log (CLF)',
  platforms: ['traefik', 'go', 'os'],
  detect: (line) => CLF_PREFIX.test(line) && / \d+ "[^"]*" "[^"]*" \d+ms\s*$/.test(line),
  time: (text) => parseClf(text),
  access: traefikClfLayout,
};

const envoy: LogFormat = {
  id: 'envoy',
  label: 'Envoy access log',
  platforms: ['envoy', 'istio', 'os'],
  detect: (line) => ISO_BRACKET.test(line) && /^\[[^\]]+\] "[^"]*" \d{1,3} \S+ \d+ \d+ \d+ (?:\d+|-) "/.test(line),
  time: isoTime,
  access: envoyTextLayout,
};

const istio: LogFormat = {
  id: 'istio',
  label: 'Istio (istio-proxy) access log',
  platforms: ['envoy', 'istio', 'kubernetes', 'os'],
  detect: (line) => ISO_BRACKET.test(line) && /^\[[^\]]+\] "[^"]*" \d{1,3} \S+ \S+ \S+ "[^"]*" \d+ \d+ \d+ (?:\d+|-) "/.test(line),
  time: isoTime,
  access: istioTextLayout,
};

const envoyJson: LogFormat = {
  id: 'envoy-json',
  label: 'Envoy / Istio JSON access log',
  platforms: ['envoy', 'istio', 'os'],
  detect: (line) => line.startsWith('{') && /"response_code":/.test(line) && /"(?:response_flags|upstream_host)":/.test(line),
  time: timeOf,
  json: true,
  access: envoyJsonLayout,
};

const haproxy: LogFormat = {
  id: 'haproxy',
  label: 'HAProxy log',
  platforms: ['haproxy', 'os'],
  detect: (line) =>
    /(?:^|\]: )\S+:\d+ \[\d\d\/[A-Za-z]{3}\/\d{4}:\d\d:\d\d:\d\d(?:\.\d+)?\] \S+ \S+\/\S+ -?\d+\/-?\d+\/-?\d+/.test(line) || /\bhaproxy\[\d+\]: /.test(line),
  time: (text, ctx) => {
    const t = parseClf(text);
    return Number.isNaN(t) ? findTimestamp(text, ctx.referenceYear) : t;
  },
  access: haproxyLayout,
};

const awsAlb: LogFormat = {
  id: 'aws-alb',
  label: 'AWS ALB access log',
  platforms: ['aws'],
  detect: (line) =>
    /^(?:http|https|h2|grpcs|ws|wss) \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z \S+ \S+:\d+ \S+ -?[\d.]+ -?[\d.]+ -?[\d.]+ (?:\d{3}|-) (?:\d{3}|-) /.test(line),
  time: isoTime,
  access: albLayout,
};

const awsElb: LogFormat = {
  id: 'aws-elb',
  label: 'AWS Classic ELB access log',
  platforms: ['aws'],
  detect: (line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z [\w-]+ \S+:\d+ \S+ -?[\d.]+ -?[\d.]+ -?[\d.]+ (?:\d{3}|-) (?:\d{3}|-) \d+ \d+ "/.test(line),
  time: isoTime,
  access: elbLayout,
};

const gcpLb: LogFormat = {
  id: 'gcp-lb',
  label: 'Google Cloud load balancer log (JSON)',
  platforms: ['gcp'],
  detect: (line) => line.startsWith('{') && /"httpRequest"\s*:/.test(line) && /"statusDetails"|LoadBalancerLogEntry/.test(line),
  time: timeOf,
  json: true,
  access: gcpLayout,
};

const traefikJson: LogFormat = {
  id: 'traefik-json',
  label: 'Traefik access log (JSON)',
  platforms: ['traefik', 'go', 'os'],
  detect: (line) => line.startsWith('{') && /"DownstreamStatus"\s*:/.test(line),
  time: timeOf,
  json: true,
  access: traefikJsonLayout,
};

const caddy: LogFormat = {
  id: 'caddy',
  label: 'Caddy log (JSON)',
  platforms: ['caddy', 'go', 'os'],
  detect: (line) =>
    line.startsWith('{') && (/"logger":"(?:http|tls|admin|caddy)\b/.test(line) || /^\{"level":"\w+","ts":\d+(?:\.\d+)?,"(?:logger|msg)"/.test(line)),
  time: caddyTime,
  json: true,
  access: caddyAccessLayout,
};

/** In detection order: where two formats accept a line, the more specific one comes first. */
export const LOG_FORMATS: readonly LogFormat[] = [
  ingressNginx,
  traefik,
  nginxAccess,
  kongError,
  nginxError,
  istio,
  envoy,
  envoyJson,
  haproxy,
  awsAlb,
  awsElb,
  gcpLb,
  traefikJson,
  caddy,
  apacheError,
  kubectlEvents,
  spring,
  python,
  go,
  node,
  jsonApp,
];

export const UNKNOWN_FORMAT = unknownFormat;

export function formatById(id: string): LogFormat | undefined {
  return id === unknownFormat.id ? unknownFormat : LOG_FORMATS.find((f) => f.id === id);
}

/** An nginx access log written with a given `log_format` string; a line is one if the layout fits it. */
export function nginxFormat(format: string, name = 'custom'): LogFormat {
  const layout = nginxFormatLayout(format);
  const spans = newSpans();
  const detect = (line: string) => {
    const bytes = Buffer.from(line);
    spans.fill(-1);
    layout.begin(bytes, bytes.length);
    const status = layout.locate(bytes, 0, bytes.length, spans) ? spanOf(spans, 'status') : null;
    return status !== null && statusAt(bytes, status[0], status[1]) >= 100 && status[1] - status[0] === 3;
  };
  return { ...nginxAccess, label: `nginx access log (log_format ${name})`, detect, access: () => nginxFormatLayout(format) };
}

export interface Detection {
  format: LogFormat;
  /** Share of the sample's record lines the format accepted. */
  confidence: number;
}

/**
 * Picks the format most sample lines look like. Continuation lines (stack traces) are not counted
 * against a format, and a file needs at least a tenth of its record lines in the format.
 */
export function detectFormat(sample: readonly string[], candidates: readonly LogFormat[] = LOG_FORMATS): Detection {
  const lines = sample.filter((l) => l.trim() !== '' && !/^\s/.test(l));
  if (lines.length === 0) return { format: unknownFormat, confidence: 0 };
  let best: Detection = { format: unknownFormat, confidence: 0 };
  const hitsOf = new Map<LogFormat, number>();
  for (const format of candidates) {
    let hits = 0;
    for (const line of lines) if (format.detect(line)) hits++;
    hitsOf.set(format, hits);
    const confidence = hits / lines.length;
    if (confidence > best.confidence) best = { format, confidence };
  }
  if (best.confidence < 0.1) return { format: unknownFormat, confidence: best.confidence };
  // A variant that shows up at all (Kong's `[kong]` lines) names the product better than its base format.
  const variant = candidates.find((f) => f.refines === best.format.id && (hitsOf.get(f) ?? 0) > 0);
  return variant ? { format: variant, confidence: best.confidence } : best;
}

export const FORMAT_IDS: readonly string[] = [...LOG_FORMATS.map((f) => f.id), unknownFormat.id];
