import { findTimestamp, parseClf, parseEpoch, parseIso } from '../timestamps.js';
import { newSpans, spanOf, statusAt } from './access-fields.js';
import { albLayout, gcpLayout } from './layouts/cloud.js';
import { envoyJsonLayout, envoyTextLayout, istioTextLayout } from './layouts/envoy.js';
import { caddyAccessLayout, traefikClfLayout, traefikJsonLayout } from './layouts/go-proxies.js';
import { haproxyLayout } from './layouts/haproxy.js';
import { ingressNginxLayout, nginxCombinedLayout, nginxFormatLayout } from './layouts/nginx.js';
import { apacheError, caddyTime, go, jsonApp, kongError, kubectlEvents, nginxError, node, python, spring, unknownFormat } from './text-formats.js';
import type { LogFormat } from './types.js';

const CLF_PREFIX = /^\S+ \S+ \S+ \[\d\d\/[A-Za-z]{3}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "[^"]*" \d{3} /;
const ISO_BRACKET = /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] "[^"]*" \d{1,3} /;
const timeOf = (text: string) => (/^\d+(?:\.\d+)?$/.test(text) ? parseEpoch(text) : parseIso(text));

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
  time: (text) => parseIso(text),
  access: envoyTextLayout,
};

const istio: LogFormat = {
  id: 'istio',
  label: 'Istio (istio-proxy) access log',
  platforms: ['envoy', 'istio', 'kubernetes', 'os'],
  detect: (line) => ISO_BRACKET.test(line) && /^\[[^\]]+\] "[^"]*" \d{1,3} \S+ \S+ \S+ "[^"]*" \d+ \d+ \d+ (?:\d+|-) "/.test(line),
  time: (text) => parseIso(text),
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
  time: (text) => parseIso(text),
  access: albLayout,
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
