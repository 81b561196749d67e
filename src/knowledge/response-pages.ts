import type { Signature } from '../core/define-signature.js';
import type { CauseId } from '../core/ids.js';
import { matchSignature } from '../evidence/match-signatures.js';

/**
 * What proxies' own answers look like on the wire: the default error pages and headers of nginx, Envoy,
 * HAProxy, Traefik, Caddy, Kong, Cloudflare, AWS ALB, Azure Application Gateway and Google's front end,
 * each linked to the signatures in `signatures/` that describe the same event. A page's causes are its
 * linked signatures' causes (the knowledge lives in one place); the body and headers are also run
 * through the whole signature set, so Envoy's "upstream connect error … reset reason: …" body or a
 * `proxy-status` header is read exactly as in a log. The signature set loads with the first error answer:
 * a run that only ever sees healthy answers never parses it.
 *
 * Also here: how health endpoints say "down" (Spring Boot actuator, Kubernetes-style /healthz and
 * /readyz, the IETF health-check JSON).
 */

export type ProxyProduct = 'nginx' | 'ingress-nginx' | 'envoy' | 'haproxy' | 'traefik' | 'caddy' | 'kong' | 'cloudflare' | 'aws-alb' | 'azure' | 'gcp' | 'go';

export interface ResponsePage {
  /** Stable id, `<product>/<status>-<what>`. */
  id: string;
  product: ProxyProduct;
  title: string;
  /** Statuses this page comes with (any when absent). */
  status?: readonly number[];
  /** Every listed response header must match (names lower-case). */
  headers?: Readonly<Record<string, RegExp>>;
  /** Every listed header must be absent (e.g. Envoy's upstream timing header means the backend answered). */
  absentHeaders?: readonly string[];
  /** Pattern on the body text. */
  body?: RegExp;
  /** What it means that this page came back. */
  meaning: string;
  /** Signature ids (src/knowledge/signatures) describing the same event; their causes are this page's causes. */
  signatures: readonly string[];
}

const NGINX_FOOTER = /<hr><center>(?:nginx|openresty)(?:\/[\d.]+)?[^<]*<\/center>/i;
const NGINX_SERVER = /^(?:nginx|openresty)\b/i;

export const RESPONSE_PAGES: readonly ResponsePage[] = [
  {
    id: 'nginx/400-plain-http-to-https-port',
    product: 'nginx',
    title: '400 The plain HTTP request was sent to HTTPS port',
    status: [400],
    body: /The plain HTTP request was sent to HTTPS port/,
    meaning:
      'nginx listens with TLS (`listen … ssl`) on this port and received plain HTTP: whoever sends plain HTTP here (a proxy with proxy_pass http://, a health check) must use https:// or the plain port.',
    signatures: ['nginx/tls-to-plaintext-port'],
  },
  {
    id: 'go/400-http-to-https-server',
    product: 'go',
    title: 'Client sent an HTTP request to an HTTPS server.',
    status: [400],
    body: /Client sent an HTTP request to an HTTPS server/,
    meaning: 'A Go TLS server (Traefik, Caddy, a Go service) received plain HTTP on its TLS port: use https:// for this port.',
    signatures: ['traefik/backend-tls-error'],
  },
  {
    id: 'ingress-nginx/404-default-backend',
    product: 'ingress-nginx',
    title: 'default backend - 404',
    status: [404],
    body: /default backend - 404/,
    meaning:
      'ingress-nginx found no Ingress rule for this host/path and served its default backend: the Ingress host, path or class does not match the request.',
    signatures: ['ingress-nginx/default-backend-served'],
  },
  {
    id: 'nginx/502-bad-gateway',
    product: 'nginx',
    title: 'nginx 502 Bad Gateway page',
    status: [502],
    body: NGINX_FOOTER,
    meaning:
      "nginx generated this 502 itself: it could not get a valid response from its upstream (connection refused, reset or closed early, a name that did not resolve, or no live upstream). nginx's error log line for the request names which.",
    signatures: [
      'nginx/connect-refused',
      'nginx/upstream-closed-before-header',
      'nginx/upstream-reset-before-header',
      'nginx/no-live-upstreams',
      'nginx/host-not-found-in-upstream',
    ],
  },
  {
    id: 'nginx/503-service-unavailable',
    product: 'nginx',
    title: 'nginx 503 Service (Temporarily) Unavailable page',
    status: [503],
    body: NGINX_FOOTER,
    meaning:
      'nginx answered 503 itself: in ingress-nginx the Service behind the Ingress has no ready endpoint; in plain nginx a limit_req/limit_conn rejected the request or the configuration returns 503 (maintenance).',
    signatures: ['ingress-nginx/service-no-active-endpoints', 'nginx/no-live-upstreams'],
  },
  {
    id: 'nginx/504-gateway-timeout',
    product: 'nginx',
    title: 'nginx 504 Gateway Time-out page',
    status: [504],
    body: NGINX_FOOTER,
    meaning:
      'nginx gave up waiting for its upstream: the connect timed out (proxy_connect_timeout, SYN dropped) or no response headers arrived within proxy_read_timeout.',
    signatures: ['nginx/connect-timeout', 'nginx/read-header-timeout'],
  },
  {
    id: 'envoy/503-local-reply',
    product: 'envoy',
    title: 'Envoy 503 local reply (server: envoy, no upstream timing)',
    status: [503],
    headers: { server: /^(?:istio-)?envoy\b/i },
    absentHeaders: ['x-envoy-upstream-service-time'],
    meaning:
      'Envoy (an Istio sidecar or gateway) answered 503 itself, without a response from any upstream: the connection to the upstream failed, no healthy host was left, or a circuit breaker was full. The body and the access-log response flags (UF, UH, UO) say which.',
    signatures: ['envoy/upstream-connect-error', 'envoy/no-healthy-upstream', 'envoy/upstream-overflow'],
  },
  {
    id: 'envoy/504-upstream-request-timeout',
    product: 'envoy',
    title: 'Envoy 504 upstream request timeout',
    status: [504],
    body: /upstream request timeout/,
    meaning: 'The route timeout (15 s by default) expired before the upstream answered.',
    signatures: ['envoy/upstream-request-timeout'],
  },
  {
    id: 'envoy/404-no-route',
    product: 'envoy',
    title: 'Envoy 404 without body (no route matched)',
    status: [404],
    headers: { server: /^(?:istio-)?envoy\b/i },
    absentHeaders: ['x-envoy-upstream-service-time'],
    meaning: 'Envoy has no route for this host/path (response flag NR): the virtual host or route does not match the Host header or path sent.',
    signatures: ['envoy/no-route-found'],
  },
  {
    id: 'haproxy/503-no-server',
    product: 'haproxy',
    title: 'HAProxy 503: No server is available to handle this request.',
    status: [503],
    body: /No server is available to handle this request/,
    meaning: 'HAProxy has no usable server in the backend: all are down (health checks failing), in maintenance, or the backend is empty.',
    signatures: ['haproxy/no-server-available'],
  },
  {
    id: 'haproxy/502-invalid-response',
    product: 'haproxy',
    title: 'HAProxy 502: The server returned an invalid or incomplete response.',
    status: [502],
    body: /The server returned an invalid or incomplete response/,
    meaning: 'The server closed or reset the connection before a complete response, or sent something HAProxy refused.',
    signatures: ['haproxy/502-error-page'],
  },
  {
    id: 'haproxy/504-timeout',
    product: 'haproxy',
    title: "HAProxy 504: The server didn't respond in time.",
    status: [504],
    body: /The server didn['’]t respond in time/,
    meaning: "HAProxy's `timeout server` expired before the server sent its response headers.",
    signatures: ['haproxy/504-error-page'],
  },
  {
    id: 'traefik/503-no-available-server',
    product: 'traefik',
    title: 'Traefik 503: no available server',
    status: [503],
    body: /^\s*no available server\s*$/,
    meaning: 'The Traefik service has no server: the provider found no running/healthy container or endpoint, or its health check marked every server down.',
    signatures: ['traefik/no-available-server'],
  },
  {
    id: 'traefik/502-bad-gateway',
    product: 'traefik',
    title: 'Traefik (Go reverse proxy) 502: plain-text "Bad Gateway"',
    status: [502],
    body: /^\s*Bad Gateway\s*$/,
    meaning:
      'Traefik (or another Go httputil reverse proxy) could not get a response from the backend: refused, reset, DNS failure or a closed keep-alive connection.',
    signatures: ['traefik/bad-gateway'],
  },
  {
    id: 'traefik/504-gateway-timeout',
    product: 'traefik',
    title: 'Traefik (Go reverse proxy) 504: plain-text "Gateway Timeout"',
    status: [504],
    body: /^\s*Gateway Timeout\s*$/,
    meaning: "Traefik's dial or response-header timeout fired.",
    signatures: ['traefik/gateway-timeout'],
  },
  {
    id: 'traefik/404-page-not-found',
    product: 'traefik',
    title: '404 page not found (Traefik: no router matched; also any Go net/http server)',
    status: [404],
    body: /^\s*404 page not found\s*$/,
    meaning:
      'Traefik has no router matching this host/path (rule, entryPoint or TLS settings) — or the backend is a Go net/http server without a handler for this path.',
    signatures: ['traefik/no-router-matched'],
  },
  {
    id: 'caddy/502-bad-gateway',
    product: 'caddy',
    title: 'Caddy 502 (server: Caddy, empty body)',
    status: [502],
    headers: { server: /^Caddy\b/ },
    meaning: "Caddy's reverse_proxy could not get a response from the upstream (refused, reset, DNS); inside Docker, `localhost` is Caddy's own container.",
    signatures: ['caddy/proxy-error-502'],
  },
  {
    id: 'caddy/503-no-upstreams',
    product: 'caddy',
    title: 'Caddy 503 (server: Caddy)',
    status: [503],
    headers: { server: /^Caddy\b/ },
    meaning: 'Caddy had no available upstream (all unhealthy or none configured).',
    signatures: ['caddy/no-upstreams-available'],
  },
  {
    id: 'caddy/504-timeout',
    product: 'caddy',
    title: 'Caddy 504 (server: Caddy)',
    status: [504],
    headers: { server: /^Caddy\b/ },
    meaning: 'A Caddy reverse_proxy timeout fired (dial_timeout or response_header_timeout).',
    signatures: ['caddy/proxy-timeout-504'],
  },
  ...(
    [
      [520, 'cloudflare/error-520-unknown-error', 'the origin reset, closed or sent an invalid response'],
      [521, 'cloudflare/error-521-web-server-down', 'the origin refused the connection'],
      [522, 'cloudflare/error-522-connection-timed-out', 'the TCP connection to the origin timed out'],
      [523, 'cloudflare/error-523-origin-unreachable', 'the origin is unreachable (routing, DNS of the origin)'],
      [524, 'cloudflare/error-524-timeout', 'the origin accepted the connection but did not answer within 100 s'],
      [525, 'cloudflare/error-525-ssl-handshake-failed', 'the TLS handshake with the origin failed'],
      [526, 'cloudflare/error-526-invalid-ssl-certificate', "the origin's certificate is invalid (Full (strict) mode)"],
    ] as const
  ).map(
    ([status, signature, what]): ResponsePage => ({
      id: `cloudflare/${status}`,
      product: 'cloudflare',
      title: `Cloudflare ${status}`,
      status: [status],
      headers: { server: /^cloudflare$/i },
      meaning: `Cloudflare answered ${status} itself: ${what}.`,
      signatures: [signature],
    }),
  ),
  {
    id: 'aws-alb/502-bad-gateway',
    product: 'aws-alb',
    title: 'ALB 502 Bad Gateway (server: awselb)',
    status: [502],
    headers: { server: /^awselb\b/i },
    meaning:
      'The load balancer could not use the target: the connection was refused or reset, or the target sent an invalid or oversized response, or closed a keep-alive connection the ALB was reusing.',
    signatures: ['aws/alb-502-bad-gateway'],
  },
  {
    id: 'aws-alb/503-no-targets',
    product: 'aws-alb',
    title: 'ALB 503 Service Temporarily Unavailable (server: awselb)',
    status: [503],
    headers: { server: /^awselb\b/i },
    meaning: 'The target group has no registered (or no healthy, with fail-open off) targets.',
    signatures: ['aws/alb-503-no-registered-targets'],
  },
  {
    id: 'aws-alb/504-gateway-timeout',
    product: 'aws-alb',
    title: 'ALB 504 Gateway Time-out (server: awselb)',
    status: [504],
    headers: { server: /^awselb\b/i },
    meaning: 'The target did not complete the connection (security group, NACL) or did not answer within the idle timeout.',
    signatures: ['aws/alb-504-gateway-timeout'],
  },
  {
    id: 'kong/502-invalid-response',
    product: 'kong',
    title: 'Kong 502',
    status: [502],
    headers: { server: /^kong\b/i },
    meaning: 'Kong could not get a valid response from the upstream.',
    signatures: ['kong/invalid-upstream-response'],
  },
  {
    id: 'kong/503-unavailable',
    product: 'kong',
    title: 'Kong 503',
    status: [503],
    headers: { server: /^kong\b/i },
    meaning: 'Kong had no healthy peer in the ring-balancer, could not resolve the upstream name, or the upstream is unavailable.',
    signatures: ['kong/ring-balancer-no-peer', 'kong/name-resolution-failed', 'kong/upstream-unavailable'],
  },
  {
    id: 'kong/504-timeout',
    product: 'kong',
    title: 'Kong 504',
    status: [504],
    headers: { server: /^kong\b/i },
    meaning: 'The upstream did not answer within the Kong service timeouts.',
    signatures: ['kong/upstream-timeout'],
  },
  {
    id: 'azure/502-app-gateway',
    product: 'azure',
    title: 'Azure Application Gateway 502',
    status: [502],
    headers: { server: /Microsoft-Azure-Application-Gateway/i },
    meaning: 'Application Gateway could not get a valid answer from the backend pool (unhealthy backends, refused, timeout or certificate trouble).',
    signatures: ['azure/app-gateway-502-bad-gateway'],
  },
  {
    id: 'gcp/502-gfe',
    product: 'gcp',
    title: "Google front end 502: 'The server encountered a temporary error and could not complete your request.'",
    status: [502],
    body: /could not complete your request/,
    meaning: 'The Google Cloud load balancer could not get a response from the backend (failed_to_connect_to_backend or the backend closed the connection).',
    signatures: ['gcp/gfe-502-server-error'],
  },
];

/** Headers that show a proxy on the path, and what their presence says. */
const PROXY_HEADERS: readonly { header: string; pattern?: RegExp; says: string }[] = [
  { header: 'x-envoy-upstream-service-time', says: 'Envoy forwarded the request and an upstream answered: this status comes from the backend, not from Envoy' },
  { header: 'server', pattern: /^(?:istio-)?envoy\b/i, says: 'answered through Envoy (an Istio sidecar or gateway, or a standalone Envoy)' },
  { header: 'x-envoy-overloaded', says: 'Envoy shed the request: a circuit breaker or the overload manager is engaged' },
  { header: 'x-envoy-ratelimited', says: 'Envoy rate-limited the request' },
  { header: 'server', pattern: NGINX_SERVER, says: 'answered by nginx (or an nginx in front of the backend)' },
  { header: 'server', pattern: /^Caddy\b/, says: 'answered by Caddy' },
  { header: 'server', pattern: /^awselb\b/i, says: 'answered by an AWS load balancer' },
  { header: 'server', pattern: /^kong\b/i, says: 'answered by Kong' },
  { header: 'server', pattern: /^cloudflare$/i, says: 'answered by Cloudflare' },
  { header: 'cf-ray', says: 'passed through Cloudflare (quote the Ray ID to find the request in Cloudflare logs)' },
  { header: 'via', says: 'passed through a proxy that announces itself in Via' },
  { header: 'x-served-by', says: 'passed through a CDN/cache (Fastly/Varnish style x-served-by)' },
  { header: 'x-cache', says: 'passed through a cache (x-cache shows hit/miss)' },
  { header: 'x-amzn-trace-id', says: 'passed through an AWS load balancer (ALB adds X-Amzn-Trace-Id)' },
  { header: 'x-kong-upstream-latency', says: 'Kong forwarded the request and an upstream answered' },
  { header: 'proxy-status', says: 'a proxy reports what happened (RFC 9209 Proxy-Status)' },
];

/** The response headers worth showing in a report. */
const SHOWN_HEADERS: readonly (string | RegExp)[] = [
  'server',
  'via',
  'location',
  'content-type',
  'content-length',
  'retry-after',
  'www-authenticate',
  'x-served-by',
  'x-cache',
  'cf-ray',
  'cf-cache-status',
  'proxy-status',
  'x-powered-by',
  'alt-svc',
  'grpc-status',
  'grpc-message',
  /^x-envoy-/,
  /^x-amzn?-/,
  /^x-kong-/,
];

export function shownHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (SHOWN_HEADERS.some((s) => (typeof s === 'string' ? s === name : s.test(name)))) out[name] = value;
  }
  return out;
}

export interface ResponseView {
  status: number;
  statusText?: string;
  headers: Readonly<Record<string, string>>;
  body: string;
}

export interface PageRecognition {
  page: ResponsePage;
  /** The linked signatures (all exist in the knowledge base; a meta-test keeps it so). */
  signatures: readonly Signature[];
  causes: Partial<Record<CauseId, number>>;
}

export interface ResponseRecognition {
  pages: PageRecognition[];
  /** Signatures from the knowledge base that match the status line, headers and body text. */
  signatures: Signature[];
  /** What the headers say about proxies on the path. */
  hints: string[];
}

type KnowledgeBase = typeof import('./signatures/index.js');
/** Loaded with the first error response (status ≥ 400): answers below that never need the signatures. */
let knowledgeBase: Promise<KnowledgeBase> | undefined;
const loadKnowledgeBase = () => (knowledgeBase ??= import('./signatures/index.js'));

/** Average of the linked signatures' cause weights (each normalised first). */
function causesOfSignatures(signatures: readonly Signature[]): Partial<Record<CauseId, number>> {
  const out: Partial<Record<CauseId, number>> = {};
  for (const s of signatures) {
    const total = Object.values(s.causes).reduce((a, b) => a + (b ?? 0), 0) || 1;
    for (const [id, w] of Object.entries(s.causes) as [CauseId, number][]) out[id] = (out[id] ?? 0) + w / total / signatures.length;
  }
  return out;
}

/** Visible text of an HTML page (tags dropped, entities for quotes decoded), bounded. */
function bodyText(body: string, max = 8192): string {
  const text = /<[a-z!/][^>]*>/i.test(body)
    ? body
        .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#39;|&apos;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
    : body;
  return text.slice(0, max);
}

function pageMatches(page: ResponsePage, response: ResponseView): boolean {
  if (page.status && !page.status.includes(response.status)) return false;
  for (const [name, pattern] of Object.entries(page.headers ?? {})) {
    const value = response.headers[name];
    if (value === undefined || !pattern.test(value)) return false;
  }
  for (const name of page.absentHeaders ?? []) if (response.headers[name] !== undefined) return false;
  if (page.body && !page.body.test(response.body.slice(0, 16384))) return false;
  return true;
}

/**
 * Which proxy produced this response and what the knowledge base says about it. Only error statuses
 * (≥ 400) are examined (and only they load the signature set): a 2xx/3xx is the backend's own answer.
 */
export async function recogniseResponse(response: ResponseView): Promise<ResponseRecognition> {
  const hints: string[] = [];
  for (const h of PROXY_HEADERS) {
    const value = response.headers[h.header];
    if (value !== undefined && (!h.pattern || h.pattern.test(value))) hints.push(h.says);
  }
  if (response.status < 400) return { pages: [], signatures: [], hints };

  const knowledge = await loadKnowledgeBase();
  const pages: PageRecognition[] = [];
  for (const page of RESPONSE_PAGES) {
    if (!pageMatches(page, response)) continue;
    const linked = page.signatures.map((id) => knowledge.signatureWithId(id)).filter((s): s is Signature => s !== undefined);
    pages.push({ page, signatures: linked, causes: causesOfSignatures(linked) });
  }

  // The same text a log line would carry: status line, the proxy-relevant headers, the visible body.
  const headerLines = Object.entries(shownHeaders(response.headers)).map(([k, v]) => `${k}: ${v}`);
  const text = [`HTTP/1.1 ${response.status} ${response.statusText ?? ''}`.trim(), ...headerLines, '', bodyText(response.body)].join('\n');
  const lower = text.toLowerCase();
  const linkedIds = new Set(pages.flatMap((p) => p.page.signatures));
  const products = new Set(pages.map((p) => p.page.product));
  const signatures = knowledge.SIGNATURES.filter((s) => {
    if (linkedIds.has(s.id)) return false;
    // Once a page names the product, another product's signature on the same text is a coincidence.
    if (products.size && !productsOf(s).some((p) => products.has(p))) return false;
    return matchSignature(s, text, lower) !== null;
  });
  return { pages, signatures, hints };
}

function productsOf(signature: Signature): ProxyProduct[] {
  switch (signature.platform) {
    case 'istio':
      return ['envoy'];
    case 'aws':
      return ['aws-alb'];
    case 'nginx':
    case 'ingress-nginx':
    case 'envoy':
    case 'haproxy':
    case 'traefik':
    case 'caddy':
    case 'kong':
    case 'cloudflare':
    case 'azure':
    case 'gcp':
      return [signature.platform];
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------------
// Health endpoints

export interface HealthReading {
  kind: 'spring-actuator' | 'kubernetes-healthz' | 'ietf-health' | 'status-json' | 'status-code';
  healthy: boolean;
  /** The checks or components reported as not healthy, with their detail. */
  failing: { name: string; status: string; detail?: string }[];
  summary: string;
}

/** Paths that are health endpoints by convention. */
export const HEALTH_PATH = /(?:^|\/)(?:actuator\/health(?:\/[\w.-]+)*|health(?:z|check)?|ready(?:z)?|readiness|live(?:z)?|liveness|ping|status)\/?(?:\?.*)?$/i;

const DOWN_STATES = new Set(['DOWN', 'OUT_OF_SERVICE', 'FAIL', 'FAILED', 'UNHEALTHY', 'ERROR', 'NOT_SERVING', 'CRITICAL']);

function detailOf(node: Record<string, unknown>): string | undefined {
  const details = node.details as Record<string, unknown> | undefined;
  const candidates = [details?.error, details?.message, details?.reason, node.output, node.error, node.message];
  const found = candidates.find((c) => typeof c === 'string' && c !== '');
  return typeof found === 'string' ? found.slice(0, 300) : undefined;
}

/** Spring Boot ≥ 2.2 uses `components`, older versions `details`; both nest (e.g. db → dataSource). */
function springFailing(node: Record<string, unknown>, prefix: string, out: HealthReading['failing'], depth = 0): void {
  if (depth > 6 || out.length > 50) return;
  const children = (node.components ?? (typeof node.details === 'object' && node.details && !detailOf(node) ? node.details : undefined)) as
    | Record<string, unknown>
    | undefined;
  let childFailing = false;
  if (children && typeof children === 'object') {
    for (const [name, child] of Object.entries(children)) {
      if (!child || typeof child !== 'object' || typeof (child as { status?: unknown }).status !== 'string') continue;
      const status = String((child as { status: string }).status).toUpperCase();
      if (!DOWN_STATES.has(status)) continue;
      childFailing = true;
      const before = out.length;
      springFailing(child as Record<string, unknown>, `${prefix}${name}/`, out, depth + 1);
      if (out.length === before) {
        const detail = detailOf(child as Record<string, unknown>);
        out.push({ name: `${prefix}${name}`, status, ...(detail ? { detail } : {}) });
      }
    }
  }
  if (!childFailing && depth > 0) {
    const detail = detailOf(node);
    out.push({ name: prefix.replace(/\/$/, ''), status: String(node.status), ...(detail ? { detail } : {}) });
  }
}

/**
 * Reads a health endpoint's answer. Returns null when the response is not recognisably a health answer
 * (so an ordinary page is not judged as one).
 */
export function readHealth(path: string, status: number, contentType: string | undefined, body: string): HealthReading | null {
  const isHealthPath = HEALTH_PATH.test(path.split('?')[0] ?? path);
  const trimmed = body.trim();
  if (trimmed.startsWith('{') && (contentType === undefined || /json/i.test(contentType) || isHealthPath)) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      json = undefined;
    }
    if (json && typeof json === 'object' && typeof (json as { status?: unknown }).status === 'string') {
      const root = json as Record<string, unknown>;
      const state = String(root.status).toUpperCase();
      if (/actuator/i.test(path) || root.components !== undefined || ['UP', 'DOWN', 'OUT_OF_SERVICE', 'UNKNOWN'].includes(state)) {
        const failing: HealthReading['failing'] = [];
        if (DOWN_STATES.has(state)) springFailing(root, '', failing);
        const healthy = !DOWN_STATES.has(state) && status < 400;
        return {
          kind: 'spring-actuator',
          healthy,
          failing,
          summary: healthy
            ? `status ${state}`
            : `status ${state}${failing.length ? `: ${failing.map((f) => `${f.name} is ${f.status}${f.detail ? ` (${f.detail})` : ''}`).join('; ')}` : ''}`,
        };
      }
      if (['PASS', 'FAIL', 'WARN'].includes(state)) {
        const failing: HealthReading['failing'] = [];
        const checks = root.checks as Record<string, unknown> | undefined;
        if (checks && typeof checks === 'object') {
          for (const [name, entries] of Object.entries(checks)) {
            for (const entry of Array.isArray(entries) ? entries : [entries]) {
              const s = String((entry as { status?: unknown })?.status ?? '').toUpperCase();
              if (s === 'FAIL') {
                const detail = detailOf(entry as Record<string, unknown>);
                failing.push({ name, status: s, ...(detail ? { detail } : {}) });
              }
            }
          }
        }
        const healthy = state !== 'FAIL' && status < 400;
        return {
          kind: 'ietf-health',
          healthy,
          failing,
          summary: `status ${state.toLowerCase()}${failing.length ? `: ${failing.map((f) => `${f.name} failed`).join('; ')}` : ''}`,
        };
      }
      if (isHealthPath) {
        const healthy = !DOWN_STATES.has(state) && status < 400;
        return { kind: 'status-json', healthy, failing: [], summary: `status ${String(root.status).slice(0, 40)}` };
      }
    }
  }
  // Kubernetes-style verbose health: "[+]ping ok", "[-]etcd failed: reason withheld".
  const lines = trimmed.split(/\r?\n/).slice(0, 200);
  if (lines.some((l) => /^\[[+-]\][\w./-]+ (?:ok|failed)/.test(l))) {
    const failing = lines
      .map((l) => /^\[-\](?<name>[\w./-]+) failed(?::\s*(?<detail>.*))?/.exec(l)?.groups)
      .filter((g): g is Record<string, string> => g !== undefined)
      .map((g) => ({ name: g.name, status: 'failed', ...(g.detail ? { detail: g.detail.slice(0, 300) } : {}) }));
    const healthy = failing.length === 0 && status < 400;
    return {
      kind: 'kubernetes-healthz',
      healthy,
      failing,
      summary: healthy ? 'all checks ok' : `failing: ${failing.map((f) => f.name).join(', ') || `status ${status}`}`,
    };
  }
  if (isHealthPath) {
    const healthy = status >= 200 && status < 400;
    return { kind: 'status-code', healthy, failing: [], summary: `${status}${trimmed ? ` ${trimmed.slice(0, 60)}` : ''}` };
  }
  return null;
}
